namespace TokenGate.Core.Detection;

/// <summary>
/// What survives a restart or a partition move for one user: the long-lived baselines (token per
/// active minute, per active ten minutes). Short windows (60 s, 10 min) are rebuilt from new events
/// within their own length, so an ongoing attack is seen again within one window.
/// </summary>
public sealed record UserBehaviourSnapshot(string UserId, BaselineSnapshot Minutes, BaselineSnapshot TenMinutes, DateTimeOffset LastSeen);
