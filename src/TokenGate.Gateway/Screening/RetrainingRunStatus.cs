namespace TokenGate.Gateway.Screening;

/// <summary>Where a retraining run is.</summary>
public enum RetrainingRunStatus
{
    /// <summary>Training or measuring.</summary>
    Running,

    /// <summary>The new model was not worse on the held-out split: stored and live.</summary>
    Accepted,

    /// <summary>The new model was worse on the held-out split: discarded, the live model unchanged.</summary>
    Refused,

    /// <summary>The run could not finish (storage unreachable, …); the live model unchanged.</summary>
    Failed,
}
