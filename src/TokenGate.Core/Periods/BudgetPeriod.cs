using System.Globalization;

namespace TokenGate.Core.Periods;

/// <summary>
/// A monthly budget period: the calendar month that contains a timestamp, in a time zone (UTC by default).
/// Periods are derived from timestamps, so a new month starts by itself without any reset job.
/// </summary>
/// <param name="Id">Period id, <c>yyyy-MM</c> (e.g. "2026-11").</param>
/// <param name="Start">First instant of the period (inclusive).</param>
/// <param name="End">First instant of the next period (exclusive).</param>
public readonly record struct BudgetPeriod(string Id, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Months since year 0 (<c>year × 12 + month − 1</c>): orders periods without parsing.</summary>
    public int Index => ParseIndex(Id);

    /// <summary>True when <paramref name="at"/> falls inside [Start, End).</summary>
    public bool Contains(DateTimeOffset at) => at >= Start && at < End;

    /// <summary>The period that contains <paramref name="at"/> in <paramref name="zone"/> (UTC when null).</summary>
    public static BudgetPeriod For(DateTimeOffset at, TimeZoneInfo? zone = null)
    {
        zone ??= TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return FromIndex((local.Year * 12) + local.Month - 1, zone);
    }

    /// <summary>The period with the given <see cref="Index"/> in <paramref name="zone"/> (UTC when null).</summary>
    public static BudgetPeriod FromIndex(int index, TimeZoneInfo? zone = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 12);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, (9999 * 12) + 10);
        zone ??= TimeZoneInfo.Utc;
        int year = index / 12, month = (index % 12) + 1;
        var id = string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}");
        var start = LocalMidnightToUtc(new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified), zone);
        var next = month == 12 ? new DateTime(year + 1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified)
                               : new DateTime(year, month + 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return new BudgetPeriod(id, start, LocalMidnightToUtc(next, zone));
    }

    /// <summary>Parses a <c>yyyy-MM</c> id into its <see cref="Index"/>; false when it is not one.</summary>
    public static bool TryParseIndex(string? id, out int index)
    {
        index = 0;
        if (id is null || id.Length != 7 || id[4] != '-'
            || !int.TryParse(id.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(id.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || year < 1 || month is < 1 or > 12)
        {
            return false;
        }

        index = (year * 12) + month - 1;
        return true;
    }

    private static int ParseIndex(string id) => TryParseIndex(id, out var index) ? index : 0;

    // Midnight can be skipped (spring-forward at 00:00) or repeated; take the first real instant at or after it.
    private static DateTimeOffset LocalMidnightToUtc(DateTime local, TimeZoneInfo zone)
    {
        if (zone == TimeZoneInfo.Utc)
        {
            return new DateTimeOffset(local, TimeSpan.Zero);
        }

        if (zone.IsInvalidTime(local))
        {
            // Clocks jumped over midnight: the day starts at the transition, i.e. midnight at the old offset.
            return new DateTimeOffset(local, zone.GetUtcOffset(local.AddHours(-3))).ToUniversalTime();
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
