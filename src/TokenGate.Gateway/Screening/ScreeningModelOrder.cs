namespace TokenGate.Gateway.Screening;

/// <summary>Which of two models is newer: the later training time, then the larger version (any stored model beats the embedded one).</summary>
internal static class ScreeningModelOrder
{
    public static bool IsNewer(ScreeningModelDescriptor candidate, ScreeningModelDescriptor? current)
    {
        if (current is null || current.TrainedAt is null)
        {
            return candidate.TrainedAt is not null || current is null;
        }

        if (candidate.TrainedAt is null)
        {
            return false;
        }

        var byTime = candidate.TrainedAt.Value.CompareTo(current.TrainedAt.Value);
        return byTime > 0 || (byTime == 0 && string.CompareOrdinal(candidate.Version, current.Version) > 0);
    }
}
