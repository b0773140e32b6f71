using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TokenGate.Functions.Durable;
using TokenGate.Gateway.Admin;

namespace TokenGate.Functions.Triggers;

/// <summary>
/// The admin API, one function per route, each calling the same <see cref="AdminApi"/> handler the
/// Standalone host maps. The Functions host reserves <c>/admin</c> for itself, so the routes live
/// under <c>/tokengate-admin</c> (API Management can expose them as <c>/admin</c>). Anonymous at the
/// Functions level: the handlers check the admin key in constant time.
/// </summary>
public sealed class AdminFunctions(AdminApi admin, DurableClientAccessor durable)
{
    /// <summary>Route prefix of the admin API on the Functions host.</summary>
    public const string Prefix = "tokengate-admin";

    [Function(nameof(AdminPutPlan))]
    public Task<IActionResult> AdminPutPlan([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Prefix + "/plans/{plan}")] HttpRequest request, string plan) =>
        RunAsync(request, c => admin.PutPlanAsync(c, plan));

    [Function(nameof(AdminListPlans))]
    public Task<IActionResult> AdminListPlans([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "/plans")] HttpRequest request) =>
        RunAsync(request, admin.ListPlansAsync);

    [Function(nameof(AdminGetPlan))]
    public Task<IActionResult> AdminGetPlan([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "/plans/{plan}")] HttpRequest request, string plan) =>
        RunAsync(request, c => admin.GetPlanAsync(c, plan));

    [Function(nameof(AdminPutTenant))]
    public Task<IActionResult> AdminPutTenant([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Prefix + "/tenants/{tenant}")] HttpRequest request, string tenant) =>
        RunAsync(request, c => admin.PutTenantAsync(c, tenant));

    [Function(nameof(AdminGetTenant))]
    public Task<IActionResult> AdminGetTenant([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "/tenants/{tenant}")] HttpRequest request, string tenant) =>
        RunAsync(request, c => admin.GetTenantAsync(c, tenant));

    [Function(nameof(AdminPutUser))]
    public Task<IActionResult> AdminPutUser([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Prefix + "/tenants/{tenant}/users/{user}")] HttpRequest request, string tenant, string user) =>
        RunAsync(request, c => admin.PutUserAsync(c, tenant, user));

    [Function(nameof(AdminGetUser))]
    public Task<IActionResult> AdminGetUser([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "/tenants/{tenant}/users/{user}")] HttpRequest request, string tenant, string user) =>
        RunAsync(request, c => admin.GetUserAsync(c, tenant, user));

    [Function(nameof(AdminCreateKey))]
    public Task<IActionResult> AdminCreateKey([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Prefix + "/tenants/{tenant}/users/{user}/keys")] HttpRequest request, string tenant, string user) =>
        RunAsync(request, c => admin.CreateKeyAsync(c, tenant, user));

    [Function(nameof(AdminRevokeKey))]
    public Task<IActionResult> AdminRevokeKey([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Prefix + "/keys/{keyId}")] HttpRequest request, string keyId) =>
        RunAsync(request, c => admin.RevokeKeyAsync(c, keyId));

    [Function(nameof(AdminGetQuota))]
    public Task<IActionResult> AdminGetQuota(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "/tenants/{tenant}/users/{user}/quota")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string tenant,
        string user) =>
        RunAsync(request, client, c => admin.GetQuotaAsync(c, tenant, user));

    [Function(nameof(AdminBlockUser))]
    public Task<IActionResult> AdminBlockUser(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Prefix + "/tenants/{tenant}/users/{user}/block")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string tenant,
        string user) =>
        RunAsync(request, client, c => admin.BlockUserAsync(c, tenant, user));

    [Function(nameof(AdminUnblockUser))]
    public Task<IActionResult> AdminUnblockUser(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Prefix + "/tenants/{tenant}/users/{user}/unblock")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string tenant,
        string user) =>
        RunAsync(request, client, c => admin.UnblockUserAsync(c, tenant, user));

    [Function(nameof(AdminResetUser))]
    public Task<IActionResult> AdminResetUser(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Prefix + "/tenants/{tenant}/users/{user}/reset")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string tenant,
        string user) =>
        RunAsync(request, client, c => admin.ResetUserAsync(c, tenant, user));

    [Function(nameof(AdminListIncidents))]
    public Task<IActionResult> AdminListIncidents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "/incidents")] HttpRequest request) =>
        RunAsync(request, admin.ListIncidentsAsync);

    [Function(nameof(AdminGetIncident))]
    public Task<IActionResult> AdminGetIncident([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "/incidents/{id}")] HttpRequest request, string id) =>
        RunAsync(request, c => admin.GetIncidentAsync(c, id));

    [Function(nameof(AdminConfirmIncident))]
    public Task<IActionResult> AdminConfirmIncident([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Prefix + "/incidents/{id}/confirm")] HttpRequest request, string id) =>
        RunAsync(request, c => admin.ConfirmIncidentAsync(c, id));

    [Function(nameof(AdminDismissIncident))]
    public Task<IActionResult> AdminDismissIncident([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Prefix + "/incidents/{id}/dismiss")] HttpRequest request, string id) =>
        RunAsync(request, c => admin.DismissIncidentAsync(c, id));

    [Function(nameof(AdminUnblockIncident))]
    public Task<IActionResult> AdminUnblockIncident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Prefix + "/incidents/{id}/unblock")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id) =>
        RunAsync(request, client, c => admin.UnblockIncidentAsync(c, id));

    [Function(nameof(AdminExportExamples))]
    public Task<IActionResult> AdminExportExamples([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "/examples")] HttpRequest request) =>
        RunAsync(request, admin.ExportExamplesAsync);

    [Function(nameof(AdminStartRetrain))]
    public Task<IActionResult> AdminStartRetrain([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Prefix + "/screening/retrain")] HttpRequest request) =>
        RunAsync(request, admin.StartRetrainAsync);

    [Function(nameof(AdminGetRetrainRun))]
    public Task<IActionResult> AdminGetRetrainRun([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "/screening/retrain/{id}")] HttpRequest request, string id) =>
        RunAsync(request, c => admin.GetRetrainRunAsync(c, id));

    [Function(nameof(AdminGetScreeningModel))]
    public Task<IActionResult> AdminGetScreeningModel([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "/screening/model")] HttpRequest request) =>
        RunAsync(request, admin.GetScreeningModelAsync);

    /// <summary>Routes that reach the quota entities hand the binding's Durable client to the accessor first.</summary>
    private Task<IActionResult> RunAsync(HttpRequest request, DurableTaskClient client, Func<HttpContext, Task> handler)
    {
        durable.Offer(client);
        return RunAsync(request, handler);
    }

    private static async Task<IActionResult> RunAsync(HttpRequest request, Func<HttpContext, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        await handler(request.HttpContext).ConfigureAwait(false);
        return new EmptyResult();
    }
}
