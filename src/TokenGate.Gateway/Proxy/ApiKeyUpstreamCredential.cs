namespace TokenGate.Gateway.Proxy;

/// <summary>Sends the configured upstream key as <c>api-key</c>.</summary>
internal sealed class ApiKeyUpstreamCredential(string apiKey) : IUpstreamCredential
{
    public ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("api-key", apiKey);
        return ValueTask.CompletedTask;
    }
}
