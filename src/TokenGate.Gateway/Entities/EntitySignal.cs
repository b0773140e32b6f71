using Microsoft.DurableTask.Entities;

namespace TokenGate.Gateway.Entities;

/// <summary>A queued operation: target, name, serialized input and an optional delivery time.</summary>
internal sealed record EntitySignal(EntityInstanceId Target, string Operation, string? Input, DateTimeOffset? SignalTime);
