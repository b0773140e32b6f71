namespace TokenGate.Gateway.Proxy;

/// <summary>Puts the gateway's own upstream credential on a request.</summary>
public interface IUpstreamCredential
{
    ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}
