using System.Globalization;
using System.Text;

namespace TokenGate.Gateway.Storage;

/// <summary>
/// Reversible encoding of arbitrary ids into Azure Table partition and row keys, which forbid
/// <c>/ \ # ?</c> and control characters. Those, plus <c>%</c> (the escape) and <c>:</c> (the
/// separator composite keys use), become <c>%XX</c>; everything else is kept as is.
/// </summary>
public static class TableKey
{
    /// <summary>Separator for composite keys; never appears in an encoded part.</summary>
    public const char Separator = ':';

    /// <summary>Encodes <paramref name="value"/> for use in a key.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var index = 0;
        while (index < value.Length && !MustEscape(value[index]))
        {
            index++;
        }

        if (index == value.Length)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        builder.Append(value, 0, index);
        for (; index < value.Length; index++)
        {
            var c = value[index];
            if (MustEscape(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Reverses <see cref="Encode"/>.</summary>
    public static string Decode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains('%', StringComparison.Ordinal))
        {
            return key;
        }

        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] == '%' && i + 2 < key.Length && int.TryParse(key.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                builder.Append((char)code);
                i += 2;
            }
            else
            {
                builder.Append(key[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Joins encoded parts with <see cref="Separator"/>.</summary>
    public static string Compose(params ReadOnlySpan<string> parts)
    {
        var encoded = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            encoded[i] = Encode(parts[i]);
        }

        return string.Join(Separator, encoded);
    }

    // Escaped characters are all below U+0100, so two hex digits always suffice.
    private static bool MustEscape(char c) =>
        c is '%' or '/' or '\\' or '#' or '?' or Separator || char.IsControl(c);
}
