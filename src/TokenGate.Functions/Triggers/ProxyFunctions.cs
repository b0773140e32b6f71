using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TokenGate.Core.Tokens;
using TokenGate.Functions.Durable;
using TokenGate.Gateway.Hosting;

namespace TokenGate.Functions.Triggers;

/// <summary>
/// The OpenAI-compatible proxy routes. host.json sets an empty route prefix, so the public URLs are
/// exactly the ones the official SDKs call. Each trigger hands the request to the same pipeline the
/// Standalone host runs, which writes the (possibly streamed) response itself. Authorization is
/// Anonymous at the Functions level: TokenGate authenticates every call itself, and on Azure the
/// platform's authentication admits only API Management (see infra/).
/// </summary>
public sealed class ProxyFunctions(DurableClientAccessor durable)
{
    [Function(nameof(ChatCompletions))]
    public Task<IActionResult> ChatCompletions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = "openai/deployments/{deployment}/chat/completions")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ProxyAsync(request, client, EndpointKind.ChatCompletions);

    [Function(nameof(Completions))]
    public Task<IActionResult> Completions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = "openai/deployments/{deployment}/completions")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ProxyAsync(request, client, EndpointKind.Completions);

    [Function(nameof(Embeddings))]
    public Task<IActionResult> Embeddings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = "openai/deployments/{deployment}/embeddings")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ProxyAsync(request, client, EndpointKind.Embeddings);

    [Function(nameof(V1ChatCompletions))]
    public Task<IActionResult> V1ChatCompletions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = "openai/v1/chat/completions")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ProxyAsync(request, client, EndpointKind.ChatCompletions);

    [Function(nameof(V1Embeddings))]
    public Task<IActionResult> V1Embeddings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = "openai/v1/embeddings")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ProxyAsync(request, client, EndpointKind.Embeddings);

    [Function(nameof(V1Responses))]
    public Task<IActionResult> V1Responses(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = "openai/v1/responses")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ProxyAsync(request, client, EndpointKind.Responses);

    /// <summary>Every other path under /openai: 404 in the OpenAI error shape (more specific routes win).</summary>
    [Function(nameof(OpenAINotFound))]
    public async Task<IActionResult> OpenAINotFound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = "openai/{*path}")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await GatewayEndpointRouteBuilderExtensions.HandleNotFoundAsync(request.HttpContext).ConfigureAwait(false);
        return new EmptyResult();
    }

    private async Task<IActionResult> ProxyAsync(HttpRequest request, DurableTaskClient client, EndpointKind kind)
    {
        ArgumentNullException.ThrowIfNull(request);
        durable.Offer(client);
        await GatewayEndpointRouteBuilderExtensions.HandleRouteAsync(request.HttpContext, kind).ConfigureAwait(false);
        return new EmptyResult();
    }
}
