using Azure.Core;

namespace TokenGate.Gateway.Proxy;

/// <summary>
/// An Entra bearer token for Cognitive Services, cached and refreshed five minutes before it expires
/// (one refresh at a time; callers keep using the old token meanwhile while it is still valid).
/// </summary>
internal sealed class EntraUpstreamCredential(TokenCredential credential, TimeProvider time) : IUpstreamCredential, IDisposable
{
    private static readonly TokenRequestContext Scope = new(["https://cognitiveservices.azure.com/.default"]);
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private AccessToken? _token;

    public async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
    }

    internal async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_token is { } current && current.ExpiresOn - RefreshMargin > now)
        {
            return current.Token;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is { } again && again.ExpiresOn - RefreshMargin > time.GetUtcNow())
            {
                return again.Token;
            }

            var fresh = await credential.GetTokenAsync(Scope, cancellationToken).ConfigureAwait(false);
            _token = fresh;
            return fresh.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();
}
