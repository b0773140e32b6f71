using System.Net;
using System.Net.Http.Headers;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TokenGate.Core.Entities;
using TokenGate.Core.Events;
using TokenGate.Core.Keys;
using TokenGate.Core.Plans;
using TokenGate.Gateway.Abuse;
using TokenGate.Gateway.Entities;
using TokenGate.Gateway.Ledger;
using TokenGate.Gateway.Quota;
using TokenGate.Gateway.Storage;
using TokenGate.Standalone;
using TokenGate.Testing;

namespace TokenGate.Integration.Tests.Outage;

/// <summary>
/// The Standalone host (the real composition) on 127.0.0.1:0, on Table storage in a private persistent Azurite
/// (stores and the entity state), in front of an <see cref="OutageUpstream"/>, on a <see cref="FakeTimeProvider"/>,
/// with a <see cref="HoldingTablePolicy"/> on the table client and a recorder after the usage ledger.
/// </summary>
public sealed class OutageHost : IAsyncDisposable
{
    public const string Deployment = "gpt-4o-mini";
    public const string Period = "2026-11";

    /// <summary>Quota view served this long without a successful refresh; then fail closed.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(10);

    /// <summary>Key and directory cache lifetime (shorter than <see cref="StaleAfter"/>, so the outage outlives it).</summary>
    public static readonly TimeSpan DirectoryCacheDuration = TimeSpan.FromSeconds(3);

    private static readonly PlanDefinition Plan = new()
    {
        Name = "outage",
        RequestsPerMinute = 100_000,
        TokensPerMinute = 100_000_000,
        MaxConcurrentRequests = 100,
        MonthlyTokenBudget = 1_000_000_000,
        MaxOutputTokens = 4096,
    };

    private WebApplication _app = null!;

    private OutageHost(AzuriteServer azurite, OutageUpstream upstream)
    {
        Azurite = azurite;
        Upstream = upstream;
    }

    public AzuriteServer Azurite { get; }

    public OutageUpstream Upstream { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.Zero));

    public HoldingTablePolicy StorePolicy { get; } = new();

    public RecordingUsageEventProcessor Events { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Warnings and errors the gateway logged (printed when a test fails).</summary>
    public Hostile.CapturingLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => _app.Services;

    public QuotaSynchronizer Synchronizer => Services.GetRequiredService<QuotaSynchronizer>();

    /// <param name="directoryCacheDuration">Key and directory cache lifetime; default <see cref="DirectoryCacheDuration"/>.</param>
    public static async Task<OutageHost> StartAsync(TimeSpan? directoryCacheDuration = null)
    {
        var azurite = await AzuriteServer.StartAsync(persistent: true);
        OutageUpstream? upstream = null;
        try
        {
            upstream = await OutageUpstream.StartAsync();
            var host = new OutageHost(azurite, upstream);
            await host.StartAppAsync(directoryCacheDuration ?? DirectoryCacheDuration);
            return host;
        }
        catch
        {
            if (upstream is not null)
            {
                await upstream.DisposeAsync();
            }

            await azurite.DisposeAsync();
            throw;
        }
    }

    private async Task StartAppAsync(TimeSpan directoryCacheDuration)
    {
        var settings = new Dictionary<string, string?>
        {
            ["TokenGate:Upstream:Endpoint"] = Upstream.BaseAddress.AbsoluteUri,
            ["TokenGate:Upstream:ApiKey"] = "upstream-key",
            ["TokenGate:Upstream:Timeout"] = "00:00:10",
            [$"TokenGate:Upstream:Deployments:{Deployment}:Model"] = Deployment,
            ["TokenGate:Standalone:CreateDemoKey"] = "false",
            ["TokenGate:Storage:ConnectionString"] = Azurite.ConnectionString,
            ["TokenGate:Storage:TablePrefix"] = "Outage",
            // A dead store must answer fast: one retry, 10 ms apart, 2 s per attempt at most.
            ["TokenGate:Storage:MaxRetries"] = "1",
            ["TokenGate:Storage:RetryDelay"] = "00:00:00.010",
            ["TokenGate:Storage:NetworkTimeout"] = "00:00:02",
            ["TokenGate:Quota:RequireSynchronization"] = "true",
            ["TokenGate:Quota:StaleAfter"] = StaleAfter.ToString(),
            ["TokenGate:Quota:UnavailableRetryAfter"] = "00:00:05",
            ["TokenGate:QuotaSync:FlushInterval"] = "00:00:01",
            ["TokenGate:QuotaSync:RefreshInterval"] = "00:00:01",
            ["TokenGate:QuotaSync:ResendInterval"] = "00:00:02",
            ["TokenGate:Gateway:DirectoryCacheDuration"] = directoryCacheDuration.ToString(),
            // The suite repeats near-identical prompts on purpose: abuse detection must not block its users mid-test.
            ["AbuseDetection:BlockOnHighConfidence"] = "false",
        };

        _app = await StandaloneHost.BuildAsync([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddProvider(Logs);
            foreach (var (key, value) in settings)
            {
                builder.Configuration[key] = value;
            }

            // Registered before the gateway, so the composition uses them.
            builder.Services.AddSingleton<TimeProvider>(Time);
            var tableOptions = new TableClientOptions();
            tableOptions.AddPolicy(StorePolicy, HttpPipelinePosition.PerCall);
            builder.Services.AddSingleton(tableOptions);
            builder.Services.AddSingleton<IUsageEventProcessor>(sp => new UsageEventFanout(
                [sp.GetRequiredService<UsageEventProcessor>(), sp.GetRequiredService<UsageLedgerProcessor>(), Events]));
        });
        await _app.StartAsync();
        var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>Creates a tenant (fail-open or fail-closed) on the test plan.</summary>
    public async Task CreateTenantAsync(string tenantId, bool failOpen)
    {
        var directory = Services.GetRequiredService<IDirectoryStore>();
        await directory.PutPlanAsync(Plan, default);
        await directory.PutTenantAsync(new TenantDefinition { TenantId = tenantId, DefaultPlan = Plan.Name, FailOpen = failOpen }, default);
    }

    /// <summary>Creates a user with a fresh key in the key store and returns the key.</summary>
    public async Task<string> CreateUserAsync(string tenantId, string userId)
    {
        await Services.GetRequiredService<IDirectoryStore>().PutUserAsync(new UserDefinition { TenantId = tenantId, UserId = userId, Plan = Plan.Name }, default);
        var key = ApiKeyFactory.Create();
        await Services.GetRequiredService<IApiKeyStore>().CreateAsync(new ApiKeyRecord
        {
            KeyId = key.KeyId,
            TenantId = tenantId,
            UserId = userId,
            SecretHash = key.SecretHash,
            CreatedAt = Time.GetUtcNow(),
        }, default);
        return key.Key;
    }

    /// <summary>One chat call as <paramref name="userId"/> (the upstream attributes its usage by the message text).</summary>
    public async Task<HttpResponseMessage> ChatAsync(string key, string userId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/openai/deployments/{Deployment}/chat/completions?api-version=2024-10-21")
        {
            Content = new StringContent($$"""{"messages":[{"role":"user","content":"user:{{userId}}"}],"max_tokens":16}""", new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("api-key", key);
        var response = await Client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>Completes when the in-process entity backend has applied every signal sent so far (each entity it touched is in its memory).</summary>
    public Task EntitiesIdleAsync() =>
        Services.GetRequiredService<TokenGate.Gateway.Entities.InProcessDurableTaskClient>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>One flush and one refresh round, as the timers run them; true when every entity read succeeded.</summary>
    public async Task<bool> SyncAsync()
    {
        await Synchronizer.FlushAsync();
        return await Synchronizer.RefreshAsync();
    }

    /// <summary>The entity's state as committed to the Table store (not the backend's memory).</summary>
    public async Task<T?> ReadCommittedAsync<T>(EntityInstanceId id)
        where T : QuotaAccountState
    {
        var store = Services.GetRequiredService<IEntityStateStore>();
        var entry = await store.GetAsync(new EntityInstanceId(id.Name.ToLowerInvariant(), id.Key), default);
        return entry is null ? null : JsonDataConverter.Default.Deserialize<T>(entry.State);
    }

    /// <summary>Runs the test body; on failure prints what the gateway logged, then rethrows.</summary>
    public async Task RunAsync(Xunit.Abstractions.ITestOutputHelper output, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch
        {
            foreach (var line in Logs.Lines.Take(200))
            {
                output.WriteLine(line);
            }

            throw;
        }
    }

    /// <summary>Polls <paramref name="condition"/> (background I/O, not time) with <paramref name="eachRound"/> between tries; fails after 30 s.</summary>
    public static async Task UntilAsync(string what, Func<Task<bool>> condition, Func<Task>? eachRound = null)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.False(deadline.IsCancellationRequested, $"Timed out waiting until {what}.");
            if (eachRound is not null)
            {
                await eachRound();
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        StorePolicy.Release();
        Client?.Dispose();
        try
        {
            if (!Azurite.IsRunning)
            {
                await Azurite.RestartAsync();
            }

            // Shutdown waits for queued entity work, whose retry delays run on the fake clock: keep it moving.
            using var stopped = new CancellationTokenSource();
            var ticker = Task.Run(async () =>
            {
                while (!stopped.IsCancellationRequested)
                {
                    Time.Advance(TimeSpan.FromSeconds(1));
                    await Task.Delay(10, CancellationToken.None);
                }
            });
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await _app.StopAsync(timeout.Token);
                await _app.DisposeAsync();
            }
            finally
            {
                await stopped.CancelAsync();
                await ticker;
            }
        }
        finally
        {
            await Upstream.DisposeAsync();
            await Azurite.DisposeAsync();
        }
    }
}
