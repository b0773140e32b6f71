using Microsoft.AspNetCore.Http;
using TokenGate.Core.Protocol;
using TokenGate.Gateway.Screening;

namespace TokenGate.Gateway.Admin;

public sealed partial class AdminApi
{
    private static readonly OpenAIError RetrainInProgress =
        new(StatusCodes.Status409Conflict, ErrorTypes.InvalidRequest, "A retraining run is already in progress on this instance; poll it and try again when it has finished.", "retrain_in_progress");

    /// <summary>
    /// <c>POST /admin/screening/retrain</c>: starts retraining the screening classifier from the shipped data plus
    /// the reviewed examples, in the background; <c>202</c> with the run (<c>id</c>, <c>status</c> "running") and a
    /// <c>Location</c> to poll. <c>409</c> while a run is in progress on this instance.
    /// </summary>
    public Task StartRetrainAsync(HttpContext context) => RunAsync(context, async () =>
    {
        if (_retrainer is null)
        {
            await WriteErrorAsync(context, AdminErrors.NotFound("Route")).ConfigureAwait(false);
            return;
        }

        if (!_retrainer.TryStart(out var run, out _))
        {
            await WriteErrorAsync(context, RetrainInProgress).ConfigureAwait(false);
            return;
        }

        context.Response.Headers.Location = context.Request.PathBase + context.Request.Path.Value?.TrimEnd('/') + "/" + run.Id;
        await WriteJsonAsync(context, StatusCodes.Status202Accepted, run).ConfigureAwait(false);
    });

    /// <summary>
    /// <c>GET /admin/screening/retrain/{id}</c>: the run's status (running, accepted, refused, failed), counts and
    /// before/after precision, recall, F1 and false-positive rate on the held-out split; 404 when unknown.
    /// </summary>
    public Task GetRetrainRunAsync(HttpContext context, string id) => RunAsync(context, async () =>
    {
        var run = _retrainer is not null && AdminValidator.CheckId(id, "id") is null
            ? await _retrainer.GetRunAsync(id, context.RequestAborted).ConfigureAwait(false)
            : null;
        await WriteFoundAsync(context, run, "Retraining run").ConfigureAwait(false);
    });

    /// <summary><c>GET /admin/screening/model</c>: the live screening model on this instance (version, hash, source, trained at, metrics).</summary>
    public Task GetScreeningModelAsync(HttpContext context) => RunAsync(context, async () =>
    {
        if (_liveModel is null)
        {
            await WriteErrorAsync(context, AdminErrors.NotFound("Screening model")).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, new ScreeningModelStatus(_liveModel.Descriptor, _retrainer?.IsRunning ?? false)).ConfigureAwait(false);
    });

    private sealed record ScreeningModelStatus(ScreeningModelDescriptor Model, bool Retraining);
}
