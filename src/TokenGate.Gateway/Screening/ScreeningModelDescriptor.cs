using System.Security.Cryptography;
using TokenGate.Core.Screening.Training;

namespace TokenGate.Gateway.Screening;

/// <summary>What a screening model is: version, SHA-256 of its file, when and by which run it was trained, its held-out metrics.</summary>
public sealed record ScreeningModelDescriptor
{
    /// <summary>Sortable id: <c>yyyyMMddTHHmmssfffZ-&lt;hash prefix&gt;</c> for trained models, <c>embedded-&lt;hash prefix&gt;</c> for the built-in one.</summary>
    public required string Version { get; init; }

    /// <summary>Lower-case hex SHA-256 of the model file.</summary>
    public required string Hash { get; init; }

    public required ScreeningModelSource Source { get; init; }

    /// <summary>When the model was trained at run time; null for the embedded model.</summary>
    public DateTimeOffset? TrainedAt { get; init; }

    /// <summary>The retraining run that produced it; null for the embedded model.</summary>
    public string? RunId { get; init; }

    /// <summary>Reviewed examples it was trained with (on top of the shipped data).</summary>
    public int ReviewedCount { get; init; }

    /// <summary>Its metrics on the held-out split when it was trained; null for the embedded model (see docs/evaluation.md).</summary>
    public BinaryMetrics? Metrics { get; init; }

    /// <summary>Lower-case hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string HashOf(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The descriptor of a model trained at <paramref name="trainedAt"/> with the given file bytes.</summary>
    public static ScreeningModelDescriptor ForTrained(ReadOnlySpan<byte> bytes, DateTimeOffset trainedAt, string runId, int reviewedCount, BinaryMetrics metrics)
    {
        var hash = HashOf(bytes);
        return new ScreeningModelDescriptor
        {
            Version = FormattableString.Invariant($"{trainedAt.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{hash[..12]}"),
            Hash = hash,
            Source = ScreeningModelSource.Stored,
            TrainedAt = trainedAt,
            RunId = runId,
            ReviewedCount = reviewedCount,
            Metrics = metrics,
        };
    }
}
