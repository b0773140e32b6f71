using Microsoft.AspNetCore.Http;
using TokenGate.Core.Keys;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Admin;

public sealed partial class AdminApi
{
    /// <summary>
    /// <c>POST /admin/tenants/{tenant}/users/{user}/keys</c>: 201 <c>{"keyId","key","tenantId","userId","createdAt"}</c>.
    /// The key is shown this once; only the SHA-256 of its secret is stored. The user must exist (404 otherwise).
    /// </summary>
    public Task CreateKeyAsync(HttpContext context, string tenant, string user) => RunAsync(context, async () =>
    {
        var ct = context.RequestAborted;
        var error = CheckIds(tenant, user);
        if (error is null && await _directory.GetUserAsync(tenant, user, ct).ConfigureAwait(false) is null)
        {
            error = AdminErrors.NotFound("User");
        }

        if (error is not null)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        var now = _time.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var generated = ApiKeyFactory.Create();
            var record = new ApiKeyRecord { KeyId = generated.KeyId, TenantId = tenant, UserId = user, SecretHash = generated.SecretHash, CreatedAt = now };
            try
            {
                await _keys.CreateAsync(record, ct).ConfigureAwait(false);
            }
            catch (StoreConflictException) when (attempt < 2)
            {
                // A 64-bit id collision: draw another key.
                continue;
            }

            AdminLog.KeyCreated(_logger, generated.KeyId, tenant, user);
            context.Response.Headers.Location = "/admin/keys/" + generated.KeyId;
            await WriteJsonAsync(context, StatusCodes.Status201Created, new CreatedKey(generated.KeyId, generated.Key, tenant, user, now)).ConfigureAwait(false);
            return;
        }
    });

    /// <summary>
    /// <c>DELETE /admin/keys/{keyId}</c>: 204, or 404 when unknown. Takes effect at once on this instance and within
    /// <c>TokenGate:Gateway:DirectoryCacheDuration</c> (default 30 s) on the others.
    /// </summary>
    public Task RevokeKeyAsync(HttpContext context, string keyId) => RunAsync(context, async () =>
    {
        var revoked = ApiKeyFormat.IsValidKeyId(keyId)
            && await _keys.RevokeAsync(keyId, _time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        if (!revoked)
        {
            await WriteErrorAsync(context, AdminErrors.NotFound("Key")).ConfigureAwait(false);
            return;
        }

        _keyCache?.Invalidate(keyId);
        AdminLog.KeyRevoked(_logger, keyId);
        await WriteNoContent(context).ConfigureAwait(false);
    });

    private sealed record CreatedKey(string KeyId, string Key, string TenantId, string UserId, DateTimeOffset CreatedAt);
}
