namespace TokenGate.Gateway.Proxy;

/// <summary>How a forwarded call ended.</summary>
public enum ForwardOutcome
{
    /// <summary>Upstream answered and its whole body reached the client (any status).</summary>
    Completed,
    /// <summary>Upstream could not be reached; nothing was sent to the client yet.</summary>
    ConnectFailed,
    /// <summary>No response headers within the timeout; nothing was sent to the client yet.</summary>
    TimedOutBeforeResponse,
    /// <summary>The body stalled past the timeout after the response had started.</summary>
    TimedOutMidStream,
    /// <summary>Upstream broke the body off.</summary>
    UpstreamCut,
    /// <summary>The client went away.</summary>
    ClientDisconnected,
}
