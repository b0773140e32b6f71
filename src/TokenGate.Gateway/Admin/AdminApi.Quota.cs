using System.Globalization;
using Microsoft.AspNetCore.Http;
using TokenGate.Core.Admission;
using TokenGate.Core.Entities;
using TokenGate.Core.Plans;

namespace TokenGate.Gateway.Admin;

public sealed partial class AdminApi
{
    /// <summary>
    /// <c>GET /admin/tenants/{tenant}/users/{user}/quota</c>: resolved limits, remaining requests and tokens now,
    /// budget used and left, period and reset, active block, recent rejections (this instance) and the entity's
    /// last saved summary. 404 when neither the tenant nor the user is defined.
    /// </summary>
    public Task GetQuotaAsync(HttpContext context, string tenant, string user) => RunAsync(context, async () =>
    {
        var ct = context.RequestAborted;
        var error = CheckIds(tenant, user);
        var tenantDefinition = error is null ? await _directory.GetTenantAsync(tenant, ct).ConfigureAwait(false) : null;
        var userDefinition = error is null ? await _directory.GetUserAsync(tenant, user, ct).ConfigureAwait(false) : null;
        if (error is not null || (tenantDefinition is null && userDefinition is null))
        {
            await WriteErrorAsync(context, error ?? AdminErrors.NotFound("User")).ConfigureAwait(false);
            return;
        }

        var planName = userDefinition?.Plan ?? tenantDefinition?.DefaultPlan ?? _defaultPlan;
        var plan = await _directory.GetPlanAsync(planName, ct).ConfigureAwait(false);
        var entity = await ReadEntityAsync(tenant, user, ct).ConfigureAwait(false);
        var explanation = QuotaExplainer.Explain(
            tenant, user, planName, plan, userDefinition, tenantDefinition, entity, _engine, _localQuota, _time.GetUtcNow());
        await WriteJsonAsync(context, StatusCodes.Status200OK, explanation).ConfigureAwait(false);
    });

    /// <summary>
    /// <c>POST /admin/tenants/{tenant}/users/{user}/block</c> <c>{"until","reason"}</c>: blocks at once on this
    /// instance and signals the user's entity (every instance learns it on its next refresh). 200 with the block.
    /// </summary>
    public Task BlockUserAsync(HttpContext context, string tenant, string user) => RunAsync(context, async () =>
    {
        var now = _time.GetUtcNow();
        var (body, error) = await ReadBodyAsync<BlockBody>(context).ConfigureAwait(false);
        error ??= CheckIds(tenant, user) ?? CheckBlock(body!, now);
        if (error is not null)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        var until = body!.Until!.Value.ToUniversalTime();
        var reason = body.Reason!.Trim();
        _localQuota?.Block(tenant, user, until, reason);
        var propagated = await SignalAsync(tenant, user, "block", c => c.BlockAsync(tenant, user, until, reason, context.RequestAborted)).ConfigureAwait(false);
        await WriteJsonAsync(context, StatusCodes.Status200OK, new UserActionResult(tenant, user, "blocked", propagated, until, reason)).ConfigureAwait(false);
    });

    /// <summary><c>POST /admin/tenants/{tenant}/users/{user}/unblock</c>: lifts any block here and in the entity. 200.</summary>
    public Task UnblockUserAsync(HttpContext context, string tenant, string user) => RunAsync(context, () => UserActionAsync(
        context, tenant, user, "unblocked", engine => engine.Unblock(tenant, user), c => c.UnblockAsync(tenant, user, context.RequestAborted)));

    /// <summary><c>POST /admin/tenants/{tenant}/users/{user}/reset</c>: zeroes the open period's spend and rate state here and in the entity. 200.</summary>
    public Task ResetUserAsync(HttpContext context, string tenant, string user) => RunAsync(context, () => UserActionAsync(
        context, tenant, user, "reset", engine => engine.ResetUser(tenant, user), c => c.ResetAsync(tenant, user, context.RequestAborted)));

    private async Task UserActionAsync(HttpContext context, string tenant, string user, string action, Action<Core.Admission.IQuotaSnapshotTarget> local, Func<Quota.IUserQuotaCommands, Task> signal)
    {
        var error = CheckIds(tenant, user);
        if (error is not null)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        if (_localQuota is not null)
        {
            local(_localQuota);
        }

        var propagated = await SignalAsync(tenant, user, action, signal).ConfigureAwait(false);
        await WriteJsonAsync(context, StatusCodes.Status200OK, new UserActionResult(tenant, user, action, propagated, null, null)).ConfigureAwait(false);
    }

    // False when no entity client is wired or the signal failed: the change then holds on this instance only.
    private async Task<bool> SignalAsync(string tenant, string user, string action, Func<Quota.IUserQuotaCommands, Task> signal)
    {
        AdminLog.UserAction(_logger, action, tenant, user);
        if (_commands is null)
        {
            return false;
        }

        try
        {
            await signal(_commands).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AdminLog.EntitySignalFailed(_logger, ex, tenant, user, action);
            return false;
        }
    }

    private Core.Protocol.OpenAIError? CheckBlock(BlockBody body, DateTimeOffset now)
    {
        if (body.Until is not { } until || until <= now)
        {
            return AdminErrors.Invalid("'until' must be a future ISO 8601 time.", "until");
        }

        if (until - now > _options.MaxBlockDuration)
        {
            return AdminErrors.Invalid(string.Create(CultureInfo.InvariantCulture, $"'until' may be at most {_options.MaxBlockDuration.TotalDays:0} days ahead."), "until");
        }

        return AdminValidator.CheckText(body.Reason, "reason", AdminValidator.MaxReasonLength, required: true);
    }

    private async Task<QuotaAccountSummary?> ReadEntityAsync(string tenant, string user, CancellationToken ct)
    {
        if (_entities is null)
        {
            return null;
        }

        try
        {
            var metadata = await _entities.Entities.GetEntityAsync<UserQuotaState>(UserQuotaEntity.IdFor(tenant, user), includeState: true, ct).ConfigureAwait(false);
            return metadata?.State?.ToSummary();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AdminLog.EntityReadFailed(_logger, ex, tenant, user);
            return null;
        }
    }

    private sealed record UserActionResult(string TenantId, string UserId, string Status, bool Propagated, DateTimeOffset? Until, string? Reason);
}
