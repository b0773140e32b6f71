using Microsoft.DurableTask.Entities;

namespace TokenGate.Gateway.Entities;

/// <summary>One entity's committed state as JSON, with the version a save must name to replace it.</summary>
public sealed record EntityStateEntry(EntityInstanceId Id, string State, string Version, DateTimeOffset LastModified);
