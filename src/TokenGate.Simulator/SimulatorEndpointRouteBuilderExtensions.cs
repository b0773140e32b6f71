using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TokenGate.Simulator.Serving;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the simulated Azure OpenAI routes.</summary>
public static class SimulatorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /openai/deployments/{deployment}/chat/completions|completions|embeddings</c>,
    /// <c>POST /openai/v1/chat/completions|embeddings|responses</c>, <c>GET /_sim/stats</c> and <c>POST /_sim/reset</c>.
    /// Requires <c>services.AddTokenGateSimulator(configuration)</c>.
    /// </summary>
    public static RouteGroupBuilder MapTokenGateSimulator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var endpoint = endpoints.ServiceProvider.GetRequiredService<SimulatorEndpoint>();
        var stats = endpoints.ServiceProvider.GetRequiredService<StatsRecorder>();
        var group = endpoints.MapGroup("");

        Map(group, "/openai/deployments/{deployment}/chat/completions", ApiKind.ChatCompletions, endpoint);
        Map(group, "/openai/deployments/{deployment}/completions", ApiKind.Completions, endpoint);
        Map(group, "/openai/deployments/{deployment}/embeddings", ApiKind.Embeddings, endpoint);
        Map(group, "/openai/v1/chat/completions", ApiKind.ChatCompletions, endpoint);
        Map(group, "/openai/v1/embeddings", ApiKind.Embeddings, endpoint);
        Map(group, "/openai/v1/responses", ApiKind.Responses, endpoint);
        Map(group, "/openai/responses", ApiKind.Responses, endpoint);

        group.MapGet("/_sim/stats", (HttpContext context) =>
            context.Response.WriteAsJsonAsync(stats.Snapshot(), SimulatorJsonContext.Default.SimulatorStatsSnapshot, contentType: null, context.RequestAborted));
        group.MapPost("/_sim/reset", (HttpContext context) =>
        {
            stats.Reset();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        return group;
    }

    private static void Map(RouteGroupBuilder group, string pattern, ApiKind kind, SimulatorEndpoint endpoint) =>
        group.MapPost(pattern, (RequestDelegate)(context => endpoint.HandleAsync(context, kind)));
}
