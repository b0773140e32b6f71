namespace TokenGate.Simulator;

/// <summary>A fault the simulator injects instead of (or in the middle of) a normal response.</summary>
public enum SimulatorFault
{
    /// <summary>No fault: a normal response.</summary>
    None = 0,

    /// <summary>429 with <c>retry-after</c> and <c>retry-after-ms</c> headers (header value <c>429</c>).</summary>
    TooManyRequests,

    /// <summary>500 internal server error (header value <c>500</c>).</summary>
    InternalServerError,

    /// <summary>503 service unavailable (header value <c>503</c>).</summary>
    ServiceUnavailable,

    /// <summary>No response at all until the client cancels (header value <c>stall</c>).</summary>
    Stall,

    /// <summary>The connection is aborted halfway through the body or stream, without usage (header value <c>cut</c>).</summary>
    Cut,
}
