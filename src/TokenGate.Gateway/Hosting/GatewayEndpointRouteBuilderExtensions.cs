using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TokenGate.Core.Tokens;
using TokenGate.Gateway.Pipeline;

namespace TokenGate.Gateway.Hosting;

/// <summary>The OpenAI-compatible routes, shared by both hosts.</summary>
public static class GatewayEndpointRouteBuilderExtensions
{
    private static readonly (string Pattern, EndpointKind Kind)[] Routes =
    [
        ("/deployments/{deployment}/chat/completions", EndpointKind.ChatCompletions),
        ("/deployments/{deployment}/completions", EndpointKind.Completions),
        ("/deployments/{deployment}/embeddings", EndpointKind.Embeddings),
        ("/v1/chat/completions", EndpointKind.ChatCompletions),
        ("/v1/embeddings", EndpointKind.Embeddings),
        ("/v1/responses", EndpointKind.Responses),
    ];

    /// <summary>
    /// Maps the <c>/openai/…</c> routes onto <see cref="TokenGateProxy.HandleAsync"/>; other methods on
    /// them get 405, any other path under <c>/openai</c> gets 404, both OpenAI-shaped.
    /// </summary>
    public static RouteGroupBuilder MapTokenGate(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/openai");
        foreach (var (pattern, kind) in Routes)
        {
            group.Map(pattern, context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method))
                {
                    RequestIds.Ensure(context);
                    context.Response.Headers.Allow = "POST";
                    return OpenAIErrorWriter.WriteAsync(context, GatewayErrors.MethodNotAllowed);
                }

                var deployment = context.Request.RouteValues.TryGetValue("deployment", out var value) ? value as string : null;
                return context.RequestServices.GetRequiredService<TokenGateProxy>().HandleAsync(context, kind, deployment);
            });
        }

        group.Map("/{**rest}", context =>
        {
            RequestIds.Ensure(context);
            return OpenAIErrorWriter.WriteAsync(context, GatewayErrors.NotFound);
        });
        return group;
    }
}
