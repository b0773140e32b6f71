using System.Globalization;
using System.Text;

namespace TokenGate.Core.Protocol;

/// <summary>Value formats of TokenGate's headers.</summary>
public static class HeaderFormat
{
    /// <summary>
    /// A duration the way OpenAI's <c>x-ratelimit-reset-*</c> headers write it (Go style), rounded up to the
    /// millisecond: "20ms", "1s", "1.5s", "6m0s", "1h2m3s"; zero or negative is "0s".
    /// </summary>
    public static string Duration(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        var ms = (long)Math.Ceiling(value.Ticks / (double)TimeSpan.TicksPerMillisecond);
        if (ms < 1000)
        {
            return ms.ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var sb = new StringBuilder();
        long hours = ms / 3_600_000, minutes = ms / 60_000 % 60, seconds = ms / 1000 % 60, millis = ms % 1000;
        if (hours > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (hours > 0 || minutes > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{minutes}m");
        }

        sb.Append(seconds.ToString(CultureInfo.InvariantCulture));
        if (millis > 0)
        {
            sb.Append('.').Append(millis.ToString("D3", CultureInfo.InvariantCulture).TrimEnd('0'));
        }

        return sb.Append('s').ToString();
    }

    /// <summary>Whole seconds, rounded up (the <c>retry-after</c> header); at least 1 for a positive wait.</summary>
    public static string Seconds(TimeSpan value)
        => Math.Max(0, (long)Math.Ceiling(value.Ticks / (double)TimeSpan.TicksPerSecond)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Whole milliseconds, rounded up (the <c>retry-after-ms</c> header).</summary>
    public static string Milliseconds(TimeSpan value)
        => Math.Max(0, (long)Math.Ceiling(value.Ticks / (double)TimeSpan.TicksPerMillisecond)).ToString(CultureInfo.InvariantCulture);

    /// <summary>An instant as ISO 8601 UTC to the second: "2026-12-01T00:00:00Z".</summary>
    public static string Instant(DateTimeOffset value)
        => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A money amount, invariant culture, at most 6 decimals.</summary>
    public static string Money(decimal value)
        => Math.Round(value, 6, MidpointRounding.ToZero).ToString("0.######", CultureInfo.InvariantCulture);
}
