using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Core.Keys;
using TokenGate.Core.Tokens;
using TokenGate.Gateway.Hosting;
using TokenGate.Gateway.Identity;
using TokenGate.Gateway.Pipeline;
using TokenGate.Gateway.Proxy;
using TokenGate.Gateway.Storage;
using TokenGate.Gateway.Telemetry;

namespace TokenGate.Gateway.Tests.Pipeline;

/// <summary>A <see cref="TokenGateProxy"/> over doubles, driven with <see cref="DefaultHttpContext"/>.</summary>
internal sealed class PipelineHarness
{
    public const string UpstreamKey = "upstream-key";

    public PipelineHarness(Action<GatewayOptions>? gateway = null, Action<IdentityOptions>? identity = null)
    {
        var gatewayOptions = new GatewayOptions();
        gateway?.Invoke(gatewayOptions);
        var identityOptions = new IdentityOptions { MaxFailuresPerClient = 3 };
        identity?.Invoke(identityOptions);
        var upstream = new UpstreamOptions { Endpoint = new Uri("https://upstream.example/"), Timeout = TimeSpan.FromSeconds(30) };
        var gatewayIOptions = Options.Create(gatewayOptions);
        var identityIOptions = Options.Create(identityOptions);
        var limiter = new FailedAuthenticationLimiter(identityIOptions, Time);
        Meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        Metrics = new GatewayMetrics(Meters);
        Proxy = new TokenGateProxy(
            new CallerAuthenticator(new ApiKeyCache(Keys, gatewayIOptions, Time), limiter, identityIOptions, NullLogger<CallerAuthenticator>.Instance),
            limiter,
            new ClientIpHasher(identityIOptions),
            new CallerPolicyCache(Directory, new TemporaryLimitsResolver(), gatewayIOptions, Time),
            new SimpleRequestReader(),
            new SimpleRequestBodyRewriter(),
            Screener,
            Engine,
            new SimpleUsageTapFactory(),
            new UpstreamForwarder(new UpstreamTransport(Upstream), new ApiKeyUpstreamCredential(UpstreamKey), Options.Create(upstream), Time),
            Sink,
            Metrics,
            gatewayIOptions,
            Options.Create(upstream),
            Time,
            NullLogger<TokenGateProxy>.Instance);
        var key = ApiKeyFactory.Create();
        Key = key.Key;
        KeyId = key.KeyId;
        Keys.Keys[key.KeyId] = new ApiKeyRecord { KeyId = key.KeyId, TenantId = "t1", UserId = "u1", SecretHash = key.SecretHash, CreatedAt = DateTimeOffset.UnixEpoch };
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    public FakeKeyStore Keys { get; } = new();

    public FakeDirectory Directory { get; } = new();

    public FakeEngine Engine { get; } = new();

    public FakeScreener Screener { get; } = new();

    public CollectingSink Sink { get; } = new();

    public FakeUpstreamHandler Upstream { get; } = new();

    public GatewayMetrics Metrics { get; }

    public IMeterFactory Meters { get; }

    public TokenGateProxy Proxy { get; }

    public string Key { get; }

    public string KeyId { get; }

    public CancellationTokenSource ClientAborted { get; } = new();

    public static string ChatBody(string extra = "") => $$"""{"messages":[{"role":"user","content":"hello world"}]{{extra}}}""";

    public DefaultHttpContext Context(string body, string? key = null, string path = "/openai/deployments/gpt-4o/chat/completions", string query = "?api-version=2024-10-21")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        context.Request.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        if ((key ?? Key) is { Length: > 0 } k)
        {
            context.Request.Headers["api-key"] = k;
        }

        context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        context.Response.Body = new MemoryStream();
        context.RequestAborted = ClientAborted.Token;
        return context;
    }

    public Task SendAsync(HttpContext context, EndpointKind kind = EndpointKind.ChatCompletions, string? deployment = "gpt-4o") =>
        Proxy.HandleAsync(context, kind, deployment);

    public static string ResponseText(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    public static JsonElement Error(HttpContext context) => JsonDocument.Parse(ResponseText(context)).RootElement.GetProperty("error");
}
