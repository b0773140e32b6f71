namespace TokenGate.Core.Detection;

/// <summary>Converts (time, value) entries to and from the compact <see cref="TimedValuesSnapshot"/>.</summary>
internal static class TimedValues
{
    /// <summary>The newest <paramref name="max"/> entries (oldest first in the result).</summary>
    public static TimedValuesSnapshot? ToSnapshot(IReadOnlyCollection<(DateTimeOffset Time, long Value)> items, int max)
    {
        if (items.Count == 0)
        {
            return null;
        }

        var kept = items.Skip(Math.Max(0, items.Count - max)).ToArray();
        var origin = kept[0].Time;
        var offsets = new long[kept.Length];
        var values = new long[kept.Length];
        for (var i = 0; i < kept.Length; i++)
        {
            offsets[i] = (kept[i].Time - origin).Ticks;
            values[i] = kept[i].Value;
        }

        return new TimedValuesSnapshot(origin, offsets, values);
    }

    public static IEnumerable<(DateTimeOffset Time, long Value)> FromSnapshot(TimedValuesSnapshot? snapshot)
    {
        if (snapshot is null)
        {
            yield break;
        }

        var count = Math.Min(snapshot.OffsetsTicks.Length, snapshot.Values.Length);
        for (var i = 0; i < count; i++)
        {
            yield return (snapshot.Origin.AddTicks(snapshot.OffsetsTicks[i]), snapshot.Values[i]);
        }
    }
}
