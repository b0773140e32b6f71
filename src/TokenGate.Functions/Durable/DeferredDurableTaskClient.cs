using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;

namespace TokenGate.Functions.Durable;

/// <summary>
/// The <see cref="DurableTaskClient"/> registered in DI for the Functions host: entity operations go
/// to the client a function binding provided (see <see cref="DurableClientAccessor"/>). TokenGate
/// uses no orchestrations, so those members say so instead of pretending.
/// </summary>
internal sealed class DeferredDurableTaskClient(DurableClientAccessor accessor) : DurableTaskClient("deferred")
{
    private readonly DeferredEntityClient _entities = new(accessor);

    public override DurableEntityClient Entities => _entities;

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) => throw NoOrchestrations();

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw NoOrchestrations();

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw NoOrchestrations();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw NoOrchestrations();

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) => throw NoOrchestrations();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw NoOrchestrations();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw NoOrchestrations();

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw NoOrchestrations();

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw NoOrchestrations();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static NotSupportedException NoOrchestrations() =>
        new("TokenGate's Functions host uses Durable Entities only; orchestrations are not supported through this client.");
}
