using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace TokenGate.Gateway.Entities;

/// <summary>An operation's context: signals it sends are buffered and only delivered if the operation commits.</summary>
internal sealed class InProcessEntityContext(EntityInstanceId id, DataConverter converter) : TaskEntityContext
{
    public List<EntitySignal> Signals { get; } = [];

    public override EntityInstanceId Id { get; } = id;

    public override void SignalEntity(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationName);
        Signals.Add(new EntitySignal(id, operationName, input is null ? null : converter.Serialize(input), options?.SignalTime));
    }

    public override string ScheduleNewOrchestration(TaskName name, object? input = null, StartOrchestrationOptions? options = null) =>
        throw new NotSupportedException(
            "The in-process entity backend runs entities only; entities cannot start orchestrations here. Use the Azure Functions host for orchestrations.");
}
