using TokenGate.Core.Tokens;

namespace TokenGate.Gateway.Proxy;

/// <summary>One call to send upstream.</summary>
/// <param name="Target">Absolute upstream URL (path and query).</param>
/// <param name="Body">The (possibly rewritten) JSON body.</param>
/// <param name="CreateTap">Given "is the response an event stream", the tap its body flows through.</param>
public sealed record ForwardRequest(Uri Target, ReadOnlyMemory<byte> Body, Func<bool, ResponseUsageTap> CreateTap);
