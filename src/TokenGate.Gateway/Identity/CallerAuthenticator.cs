using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenGate.Core.Keys;
using TokenGate.Gateway.Pipeline;

namespace TokenGate.Gateway.Identity;

/// <summary>
/// Identifies the caller: a TokenGate key (<c>api-key</c> or <c>Authorization: Bearer</c>) verified in
/// constant time against its stored hash, or identity headers from the front door when the Easy Auth
/// principal proves the call came from it. Throttled IPs are refused before any lookup.
/// </summary>
internal sealed partial class CallerAuthenticator(ApiKeyCache keys, FailedAuthenticationLimiter limiter, IOptions<IdentityOptions> options, ILogger<CallerAuthenticator> logger)
{
    private readonly IdentityOptions _options = options.Value;

    public async ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context, string clientIp, CancellationToken cancellationToken)
    {
        if (!limiter.IsAllowed(clientIp))
        {
            return new AuthenticationResult(null, GatewayErrors.TooManyFailures, null) { Throttled = true };
        }

        var headers = context.Request.Headers;
        var user = headers[_options.UserHeader].ToString();
        var tenant = headers[_options.TenantHeader].ToString();
        if (user.Length > 0 || tenant.Length > 0)
        {
            return FromFrontDoor(headers, tenant, user, clientIp);
        }

        var presented = headers["api-key"].ToString();
        if (presented.Length == 0)
        {
            var authorization = headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                presented = authorization[7..].Trim();
            }
        }

        if (presented.Length == 0)
        {
            return Fail(GatewayErrors.MissingKey, clientIp, null);
        }

        if (!ApiKeyFormat.TryParse(presented, out var key))
        {
            return Fail(GatewayErrors.InvalidKey, clientIp, null);
        }

        var record = await keys.FindAsync(key.KeyId, cancellationToken).ConfigureAwait(false);
        if (record is null || record.RevokedAt is not null || !ApiKeyFormat.Verify(key.Secret, record.SecretHash))
        {
            return Fail(GatewayErrors.InvalidKey, clientIp, key.KeyId);
        }

        return new AuthenticationResult(new CallerIdentity(record.TenantId, record.UserId, record.KeyId), null, record.KeyId);
    }

    private AuthenticationResult FromFrontDoor(IHeaderDictionary headers, string tenant, string user, string clientIp)
    {
        var principal = headers[IdentityOptions.PrincipalHeader].ToString();
        var trusted = _options.FrontDoorPrincipalId is { Length: > 0 } expected
            && principal.Length > 0
            && string.Equals(principal, expected, StringComparison.OrdinalIgnoreCase);
        if (!trusted || !IsSafeId(tenant) || !IsSafeId(user))
        {
            return Fail(GatewayErrors.UntrustedIdentityHeaders, clientIp, null);
        }

        return new AuthenticationResult(new CallerIdentity(tenant, user, null), null, null);
    }

    /// <summary>Ids become storage and entity keys: 1–128 characters of letters, digits and <c>._@-</c>.</summary>
    private static bool IsSafeId(string value)
    {
        if (value.Length is 0 or > 128)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private AuthenticationResult Fail(OpenAIError error, string clientIp, string? keyId)
    {
        limiter.RecordFailure(clientIp, keyId);
        if (keyId is not null && limiter.FailuresForKey(keyId) == _options.MaxFailuresPerClient)
        {
            LogKeyUnderAttack(logger, keyId, _options.MaxFailuresPerClient);
        }

        return new AuthenticationResult(null, error, keyId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key {KeyId} has had {Count} failed authentications in the current window")]
    private static partial void LogKeyUnderAttack(ILogger logger, string keyId, int count);
}
