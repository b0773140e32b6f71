using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TokenGate.Gateway.Entities;

/// <summary>
/// A <see cref="DurableTaskClient"/> whose <see cref="Entities"/> run registered entity classes in this
/// process (Standalone host, tests). Orchestration members throw <see cref="NotSupportedException"/>.
/// </summary>
public sealed class InProcessDurableTaskClient : DurableTaskClient
{
    private const string OrchestrationsNotSupported =
        "The in-process Durable Task client supports entities only; orchestrations need the Azure Functions host (Durable Task extension).";

    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);
    private readonly InProcessEntityBackend _backend;
    private readonly InProcessEntityClient _entities;

    /// <summary>Creates a client over <paramref name="store"/> running the entities in <paramref name="registry"/>.</summary>
    public InProcessDurableTaskClient(
        InProcessEntityRegistry registry,
        IEntityStateStore store,
        IServiceProvider? services = null,
        TimeProvider? timeProvider = null,
        ILogger<InProcessDurableTaskClient>? logger = null,
        DataConverter? converter = null,
        string name = "InProcess")
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(store);
        _backend = new InProcessEntityBackend(
            registry,
            store,
            services ?? new ServiceCollection().BuildServiceProvider(),
            timeProvider ?? TimeProvider.System,
            (ILogger?)logger ?? NullLogger.Instance,
            converter ?? JsonDataConverter.Default);
        _entities = new InProcessEntityClient(name, _backend);
    }

    /// <inheritdoc />
    public override DurableEntityClient Entities => _entities;

    /// <summary>Completes when every queued signal has been applied (tests, graceful shutdown).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default) => _backend.WhenIdleAsync(cancellationToken);

    /// <inheritdoc />
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw NotSupported();

    /// <inheritdoc />
    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw NotSupported();

    /// <inheritdoc />
    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        throw NotSupported();

    /// <inheritdoc />
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw NotSupported();

    /// <inheritdoc />
    public override Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        throw NotSupported();

    /// <inheritdoc />
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw NotSupported();

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw NotSupported();

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw NotSupported();

    /// <inheritdoc />
    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        throw NotSupported();

    /// <inheritdoc />
    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        throw NotSupported();

    /// <inheritdoc />
    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        throw NotSupported();

    /// <summary>Lets queued operations finish (up to 10 s), then stops the backend.</summary>
    public override async ValueTask DisposeAsync() => await _backend.ShutdownAsync(ShutdownGrace).ConfigureAwait(false);

    private static NotSupportedException NotSupported() => new(OrchestrationsNotSupported);
}
