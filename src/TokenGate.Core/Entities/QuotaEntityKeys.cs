using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TokenGate.Core.Entities;

/// <summary>
/// Entity keys for quota accounts. Each part is escaped to <c>[A-Za-z0-9.-]</c> plus <c>_XXXX</c> per
/// other UTF-16 code unit, parts are joined by <c>:</c>; keys longer than <see cref="MaxKeyLength"/> become
/// <c>~</c> + SHA-256 hex. No two inputs share a key, and keys are safe in Table keys, queues and blob names.
/// </summary>
public static class QuotaEntityKeys
{
    /// <summary>Longest readable key; longer ones are hashed.</summary>
    public const int MaxKeyLength = 200;

    /// <summary>Key of a user account.</summary>
    public static string ForUser(string tenantId, string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return Bound(Escape(tenantId) + ":" + Escape(userId));
    }

    /// <summary>Key of a tenant account.</summary>
    public static string ForTenant(string tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        return Bound(Escape(tenantId));
    }

    private static string Bound(string key) =>
        key.Length <= MaxKeyLength
            ? key
            : "~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Escape(string part)
    {
        var builder = new StringBuilder(part.Length);
        // UTF-16 code units, not UTF-8 bytes: lone surrogates must not collapse into one replacement char.
        foreach (var c in part)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('_').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
