using Microsoft.AspNetCore.Http;
using TokenGate.Core.Plans;

namespace TokenGate.Gateway.Admin;

public sealed partial class AdminApi
{
    /// <summary><c>PUT /admin/plans/{plan}</c>: creates or replaces a plan; 200 with the stored plan.</summary>
    public Task PutPlanAsync(HttpContext context, string plan) => RunAsync(context, async () =>
    {
        var (body, error) = await ReadBodyAsync<PlanBody>(context).ConfigureAwait(false);
        PlanDefinition? definition = null;
        error ??= AdminValidator.CheckId(plan, "plan") ?? AdminValidator.ToPlan(plan, body!, out definition);
        if (error is not null)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        await _directory.PutPlanAsync(definition!, context.RequestAborted).ConfigureAwait(false);
        _policyCache?.Clear();
        AdminLog.Saved(_logger, "plan", plan);
        await WriteJsonAsync(context, StatusCodes.Status200OK, definition!).ConfigureAwait(false);
    });

    /// <summary><c>GET /admin/plans</c>: every plan.</summary>
    public Task ListPlansAsync(HttpContext context) => RunAsync(context, async () =>
    {
        var plans = await _directory.ListPlansAsync(context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, StatusCodes.Status200OK, new { data = plans }).ConfigureAwait(false);
    });

    /// <summary><c>GET /admin/plans/{plan}</c>: one plan, or 404.</summary>
    public Task GetPlanAsync(HttpContext context, string plan) => RunAsync(context, async () =>
    {
        var found = AdminValidator.CheckId(plan, "plan") is null
            ? await _directory.GetPlanAsync(plan, context.RequestAborted).ConfigureAwait(false)
            : null;
        await WriteFoundAsync(context, found, "Plan").ConfigureAwait(false);
    });

    /// <summary><c>PUT /admin/tenants/{tenant}</c>: creates or replaces a tenant; its default plan must exist.</summary>
    public Task PutTenantAsync(HttpContext context, string tenant) => RunAsync(context, async () =>
    {
        var (body, error) = await ReadBodyAsync<TenantBody>(context).ConfigureAwait(false);
        TenantDefinition? definition = null;
        error ??= AdminValidator.CheckId(tenant, "tenant") ?? AdminValidator.ToTenant(tenant, body!, out definition);
        if (error is null && definition!.DefaultPlan is { } planName
            && await _directory.GetPlanAsync(planName, context.RequestAborted).ConfigureAwait(false) is null)
        {
            error = AdminErrors.Invalid($"Plan '{planName}' does not exist; create it first.", "defaultPlan");
        }

        if (error is not null)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        await _directory.PutTenantAsync(definition!, context.RequestAborted).ConfigureAwait(false);
        _policyCache?.Clear();
        AdminLog.Saved(_logger, "tenant", tenant);
        await WriteJsonAsync(context, StatusCodes.Status200OK, definition!).ConfigureAwait(false);
    });

    /// <summary><c>GET /admin/tenants/{tenant}</c>: one tenant, or 404.</summary>
    public Task GetTenantAsync(HttpContext context, string tenant) => RunAsync(context, async () =>
    {
        var found = AdminValidator.CheckId(tenant, "tenant") is null
            ? await _directory.GetTenantAsync(tenant, context.RequestAborted).ConfigureAwait(false)
            : null;
        await WriteFoundAsync(context, found, "Tenant").ConfigureAwait(false);
    });

    /// <summary><c>PUT /admin/tenants/{tenant}/users/{user}</c>: creates or replaces a user; its plan (when named) must exist.</summary>
    public Task PutUserAsync(HttpContext context, string tenant, string user) => RunAsync(context, async () =>
    {
        var (body, error) = await ReadBodyAsync<UserBody>(context).ConfigureAwait(false);
        PlanOverrides? overrides = null;
        error ??= CheckIds(tenant, user) ?? CheckUserBody(tenant, user, body!) ?? AdminValidator.ToOverrides(body!.Overrides, out overrides);
        if (error is null && body!.Plan is { } planName
            && await _directory.GetPlanAsync(planName, context.RequestAborted).ConfigureAwait(false) is null)
        {
            error = AdminErrors.Invalid($"Plan '{planName}' does not exist; create it first.", "plan");
        }

        if (error is not null)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        var definition = new UserDefinition { TenantId = tenant, UserId = user, Plan = body!.Plan, Overrides = overrides };
        await _directory.PutUserAsync(definition, context.RequestAborted).ConfigureAwait(false);
        _policyCache?.Clear();
        AdminLog.Saved(_logger, "user", user);
        await WriteJsonAsync(context, StatusCodes.Status200OK, definition).ConfigureAwait(false);
    });

    /// <summary><c>GET /admin/tenants/{tenant}/users/{user}</c>: one user, or 404.</summary>
    public Task GetUserAsync(HttpContext context, string tenant, string user) => RunAsync(context, async () =>
    {
        var found = CheckIds(tenant, user) is null
            ? await _directory.GetUserAsync(tenant, user, context.RequestAborted).ConfigureAwait(false)
            : null;
        await WriteFoundAsync(context, found, "User").ConfigureAwait(false);
    });

    private static Core.Protocol.OpenAIError? CheckUserBody(string tenant, string user, UserBody body)
    {
        if (body.TenantId is not null && !string.Equals(body.TenantId, tenant, StringComparison.Ordinal))
        {
            return AdminErrors.Invalid("'tenantId' must match the tenant in the URL (or be omitted).", "tenantId");
        }

        if (body.UserId is not null && !string.Equals(body.UserId, user, StringComparison.Ordinal))
        {
            return AdminErrors.Invalid("'userId' must match the user in the URL (or be omitted).", "userId");
        }

        return body.Plan is null ? null : AdminValidator.CheckId(body.Plan, "plan");
    }

    private static Task WriteFoundAsync(HttpContext context, object? found, string what) =>
        found is null ? WriteErrorAsync(context, AdminErrors.NotFound(what)) : WriteJsonAsync(context, StatusCodes.Status200OK, found);
}
