using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenGate.Core.Admission;
using TokenGate.Core.Events;
using TokenGate.Core.Screening;
using TokenGate.Gateway.Events;
using TokenGate.Gateway.Identity;
using TokenGate.Gateway.Pipeline;
using TokenGate.Gateway.Proxy;
using TokenGate.Gateway.Storage;
using TokenGate.Gateway.Telemetry;

namespace TokenGate.Gateway.Hosting;

/// <summary>DI wiring of the pipeline, shared by the Standalone and the Functions host.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the pipeline (<see cref="TokenGateProxy"/>), its options (validated on start), the
    /// upstream transport and credential, and the in-process usage event sink and pump. Its collaborators
    /// (stores, quota engine, limits resolver, screener, event processor, request reader and rewriter,
    /// usage taps) come from <c>AddTokenGate</c>, which calls this; an event sink registered before is kept.
    /// </summary>
    public static IServiceCollection AddTokenGateGateway(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IdentityOptions>().Bind(configuration.GetSection(IdentityOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UsageEventOptions>().Bind(configuration.GetSection(UsageEventOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UpstreamOptions>().Bind(configuration.GetSection(UpstreamOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => o.Endpoint is { IsAbsoluteUri: true } e && (e.Scheme == Uri.UriSchemeHttps || e.Scheme == Uri.UriSchemeHttp),
                "TokenGate:Upstream:Endpoint must be an absolute http(s) URL.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<GatewayMetrics>();

        services.TryAddSingleton<ApiKeyCache>();
        services.TryAddSingleton<FailedAuthenticationLimiter>();
        services.TryAddSingleton<ClientIpHasher>();
        services.TryAddSingleton<CallerAuthenticator>();
        services.TryAddSingleton<CallerPolicyCache>();


        services.TryAddSingleton<UpstreamTransport>(_ => new UpstreamTransport());
        services.TryAddSingleton<IUpstreamCredential>(CreateCredential);
        services.TryAddSingleton<UpstreamForwarder>();

        services.TryAddSingleton<ChannelUsageEventSink>();
        services.TryAddSingleton<IUsageEventSink>(sp => sp.GetRequiredService<ChannelUsageEventSink>());
        services.AddHostedService<UsageEventPump>();

        services.TryAddSingleton(sp => new TokenGateProxy(
            sp.GetRequiredService<CallerAuthenticator>(),
            sp.GetRequiredService<FailedAuthenticationLimiter>(),
            sp.GetRequiredService<ClientIpHasher>(),
            sp.GetRequiredService<CallerPolicyCache>(),
            sp.GetRequiredService<IRequestReader>(),
            sp.GetRequiredService<IRequestBodyRewriter>(),
            sp.GetRequiredService<IPromptScreener>(),
            sp.GetRequiredService<IQuotaEngine>(),
            sp.GetRequiredService<IUsageTapFactory>(),
            sp.GetRequiredService<UpstreamForwarder>(),
            sp.GetRequiredService<IUsageEventSink>(),
            sp.GetRequiredService<GatewayMetrics>(),
            sp.GetRequiredService<IOptions<GatewayOptions>>(),
            sp.GetRequiredService<IOptions<UpstreamOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TokenGateProxy>>(),
            sp.GetService<UpstreamPressure>(),
            sp.GetService<Review.IScreeningReviewQueue>()));
        return services;
    }

    private static IUpstreamCredential CreateCredential(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<UpstreamOptions>>().Value;
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            return new ApiKeyUpstreamCredential(options.ApiKey);
        }

        Azure.Core.TokenCredential credential = string.IsNullOrEmpty(options.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
        return new EntraUpstreamCredential(credential, services.GetRequiredService<TimeProvider>());
    }
}
