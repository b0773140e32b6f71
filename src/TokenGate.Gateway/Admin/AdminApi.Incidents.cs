using System.Globalization;
using Microsoft.AspNetCore.Http;
using TokenGate.Core.Admission;
using TokenGate.Gateway.Abuse;

namespace TokenGate.Gateway.Admin;

public sealed partial class AdminApi
{
    private const string DefaultReviewer = "admin";

    /// <summary><c>GET /admin/incidents?status=&amp;tenant=&amp;detector=&amp;limit=</c>: newest first; <c>{"data":[…]}</c>.</summary>
    public Task ListIncidentsAsync(HttpContext context) => RunAsync(context, async () =>
    {
        var queryString = context.Request.Query;
        var error = ParseIncidentQuery(queryString, out var query);
        if (error is not null)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        IReadOnlyList<Incident> incidents = _incidents is null ? [] : await _incidents.ListAsync(query, context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, StatusCodes.Status200OK, new { data = incidents }).ConfigureAwait(false);
    });

    /// <summary><c>GET /admin/incidents/{id}</c>: one incident with its evidence, or 404.</summary>
    public Task GetIncidentAsync(HttpContext context, string id) => RunAsync(context, async () =>
    {
        var incident = _incidents is not null && IsIncidentId(id) ? await _incidents.GetAsync(id, context.RequestAborted).ConfigureAwait(false) : null;
        await WriteFoundAsync(context, incident, "Incident").ConfigureAwait(false);
    });

    /// <summary><c>POST /admin/incidents/{id}/confirm</c> <c>{"note","exampleText"?,"reviewer"?}</c>: real abuse; stored as a labelled example.</summary>
    public Task ConfirmIncidentAsync(HttpContext context, string id) => RunAsync(context, () => ReviewAsync(context, id, confirm: true));

    /// <summary><c>POST /admin/incidents/{id}/dismiss</c> <c>{"note","exampleText"?,"reviewer"?}</c>: a false alarm; stored as a labelled example. Does not unblock.</summary>
    public Task DismissIncidentAsync(HttpContext context, string id) => RunAsync(context, () => ReviewAsync(context, id, confirm: false));

    /// <summary><c>POST /admin/incidents/{id}/unblock</c>: lifts the block of the incident's user (here, in the entity, and through the review service). 200, or 404.</summary>
    public Task UnblockIncidentAsync(HttpContext context, string id) => RunAsync(context, async () =>
    {
        var ct = context.RequestAborted;
        var incident = _incidents is not null && IsIncidentId(id) ? await _incidents.GetAsync(id, ct).ConfigureAwait(false) : null;
        if (incident is not { TenantId: { } tenant, UserId: { } user })
        {
            await WriteErrorAsync(context, AdminErrors.NotFound("Incident with a user")).ConfigureAwait(false);
            return;
        }

        _localQuota?.Unblock(tenant, user);
        await _incidents!.UnblockAsync(id, DefaultReviewer, ct).ConfigureAwait(false);
        var propagated = await SignalAsync(tenant, user, "unblocked", c => c.UnblockAsync(tenant, user, ct)).ConfigureAwait(false);
        await WriteJsonAsync(context, StatusCodes.Status200OK, new UserActionResult(tenant, user, "unblocked", propagated, null, null)).ConfigureAwait(false);
    });

    /// <summary>
    /// <c>GET /admin/examples</c>: reviewed examples as JSON lines <c>{"text","label"}</c>, oldest first —
    /// the input of <c>tokengate train --reviewed</c>, which retrains and keeps the model only if it is not worse.
    /// </summary>
    public Task ExportExamplesAsync(HttpContext context) => RunAsync(context, async () =>
    {
        var examples = _examples is null ? [] : await _examples.ListAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-ndjson";
        foreach (var example in examples.Where(e => !string.IsNullOrWhiteSpace(e.Text)))
        {
            await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { text = example.Text, label = example.Label }) + "\n", context.RequestAborted).ConfigureAwait(false);
        }
    });

    private async Task ReviewAsync(HttpContext context, string id, bool confirm)
    {
        var (body, error) = await ReadBodyAsync<ReviewBody>(context).ConfigureAwait(false);
        error ??= AdminValidator.CheckText(body!.Note, "note", AdminValidator.MaxNoteLength, required: true)
            ?? AdminValidator.CheckText(body.ExampleText, "exampleText", AdminValidator.MaxExampleLength, required: false)
            ?? (body.Reviewer is null ? null : AdminValidator.CheckId(body.Reviewer, "reviewer"));
        if (error is not null)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        var reviewer = body!.Reviewer ?? DefaultReviewer;
        Incident? updated = null;
        if (_incidents is not null && IsIncidentId(id))
        {
            updated = confirm
                ? await _incidents.ConfirmAsync(id, body.Note!, reviewer, body.ExampleText, context.RequestAborted).ConfigureAwait(false)
                : await _incidents.DismissAsync(id, body.Note!, reviewer, body.ExampleText, context.RequestAborted).ConfigureAwait(false);
        }

        await WriteFoundAsync(context, updated, "Incident").ConfigureAwait(false);
    }

    private Core.Protocol.OpenAIError? ParseIncidentQuery(IQueryCollection query, out IncidentQuery result)
    {
        result = new IncidentQuery(Limit: Math.Min(100, _options.MaxIncidentPageSize));
        IncidentStatus? status = null;
        if (query["status"].ToString() is { Length: > 0 } s)
        {
            if (!Enum.TryParse<IncidentStatus>(s, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(s[0]))
            {
                return AdminErrors.Invalid("'status' must be open, confirmed or dismissed.", "status");
            }

            status = parsed;
        }

        var tenant = query["tenant"].ToString() is { Length: > 0 } t ? t : null;
        var detector = query["detector"].ToString() is { Length: > 0 } d ? d : null;
        var error = (tenant is null ? null : AdminValidator.CheckId(tenant, "tenant"))
            ?? (detector is null ? null : AdminValidator.CheckId(detector, "detector"));
        if (error is not null)
        {
            return error;
        }

        var limit = result.Limit;
        if (query["limit"].ToString() is { Length: > 0 } l
            && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > _options.MaxIncidentPageSize))
        {
            return AdminErrors.Invalid($"'limit' must be between 1 and {_options.MaxIncidentPageSize}.", "limit");
        }

        result = new IncidentQuery(status, tenant, detector, limit);
        return null;
    }

    private static bool IsIncidentId(string id) => AdminValidator.CheckId(id, "id") is null;
}
