using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace TokenGate.Gateway.Admin;

/// <summary>Maps the admin API for hosts with endpoint routing (the Standalone host).</summary>
public static class AdminEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every <c>/admin/…</c> route to its <see cref="AdminApi"/> method; any other path under
    /// <c>/admin</c> gets 401 (unauthorised) or 404 (authorised), OpenAI-shaped. Needs <see cref="AdminServiceCollectionExtensions.AddTokenGateAdmin"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapTokenGateAdmin(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPut("/admin/plans/{plan}", c => Api(c).PutPlanAsync(c, Route(c, "plan")));
        endpoints.MapGet("/admin/plans", c => Api(c).ListPlansAsync(c));
        endpoints.MapGet("/admin/plans/{plan}", c => Api(c).GetPlanAsync(c, Route(c, "plan")));
        endpoints.MapPut("/admin/tenants/{tenant}", c => Api(c).PutTenantAsync(c, Route(c, "tenant")));
        endpoints.MapGet("/admin/tenants/{tenant}", c => Api(c).GetTenantAsync(c, Route(c, "tenant")));
        endpoints.MapPut("/admin/tenants/{tenant}/users/{user}", c => Api(c).PutUserAsync(c, Route(c, "tenant"), Route(c, "user")));
        endpoints.MapGet("/admin/tenants/{tenant}/users/{user}", c => Api(c).GetUserAsync(c, Route(c, "tenant"), Route(c, "user")));
        endpoints.MapPost("/admin/tenants/{tenant}/users/{user}/keys", c => Api(c).CreateKeyAsync(c, Route(c, "tenant"), Route(c, "user")));
        endpoints.MapDelete("/admin/keys/{keyId}", c => Api(c).RevokeKeyAsync(c, Route(c, "keyId")));
        endpoints.MapGet("/admin/tenants/{tenant}/users/{user}/quota", c => Api(c).GetQuotaAsync(c, Route(c, "tenant"), Route(c, "user")));
        endpoints.MapPost("/admin/tenants/{tenant}/users/{user}/block", c => Api(c).BlockUserAsync(c, Route(c, "tenant"), Route(c, "user")));
        endpoints.MapPost("/admin/tenants/{tenant}/users/{user}/unblock", c => Api(c).UnblockUserAsync(c, Route(c, "tenant"), Route(c, "user")));
        endpoints.MapPost("/admin/tenants/{tenant}/users/{user}/reset", c => Api(c).ResetUserAsync(c, Route(c, "tenant"), Route(c, "user")));
        endpoints.MapGet("/admin/incidents", c => Api(c).ListIncidentsAsync(c));
        endpoints.MapGet("/admin/incidents/{id}", c => Api(c).GetIncidentAsync(c, Route(c, "id")));
        endpoints.MapPost("/admin/incidents/{id}/confirm", c => Api(c).ConfirmIncidentAsync(c, Route(c, "id")));
        endpoints.MapPost("/admin/incidents/{id}/dismiss", c => Api(c).DismissIncidentAsync(c, Route(c, "id")));
        endpoints.MapPost("/admin/incidents/{id}/unblock", c => Api(c).UnblockIncidentAsync(c, Route(c, "id")));
        endpoints.MapGet("/admin/examples", c => Api(c).ExportExamplesAsync(c));
        endpoints.MapPost("/admin/screening/retrain", c => Api(c).StartRetrainAsync(c));
        endpoints.MapGet("/admin/screening/retrain/{id}", c => Api(c).GetRetrainRunAsync(c, Route(c, "id")));
        endpoints.MapGet("/admin/screening/model", c => Api(c).GetScreeningModelAsync(c));
        endpoints.Map("/admin/{**rest}", c => Api(c).NotFoundAsync(c)).WithOrder(int.MaxValue);
        return endpoints;
    }

    private static AdminApi Api(HttpContext context) => context.RequestServices.GetRequiredService<AdminApi>();

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? string.Empty;
}
