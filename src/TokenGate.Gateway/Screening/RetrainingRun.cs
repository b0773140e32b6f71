using TokenGate.Core.Screening.Training;

namespace TokenGate.Gateway.Screening;

/// <summary>The record of one retraining run: when, on what, what it measured, what it decided.</summary>
public sealed record RetrainingRun
{
    public required string Id { get; init; }
    public required RetrainingRunStatus Status { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The live model when the run started (the "before" model).</summary>
    public string? BaseModelVersion { get; init; }

    /// <summary>Reviewed examples read from the labelled-example store and trained on.</summary>
    public int ReviewedCount { get; init; }

    /// <summary>Examples trained on (shipped training part plus reviewed).</summary>
    public int TrainCount { get; init; }

    /// <summary>Held-out examples measured.</summary>
    public int TestCount { get; init; }

    /// <summary>The live model on the held-out split.</summary>
    public BinaryMetrics? Before { get; init; }

    /// <summary>The retrained model on the same split.</summary>
    public BinaryMetrics? After { get; init; }

    public bool Accepted => Status == RetrainingRunStatus.Accepted;

    /// <summary>The new model's version and hash (also when refused, to say what was discarded).</summary>
    public string? ModelVersion { get; init; }

    public string? ModelHash { get; init; }

    /// <summary>Why a run failed, without secrets (the exception type; details are in the log).</summary>
    public string? Error { get; init; }
}
