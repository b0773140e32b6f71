using System.Text.Json.Serialization;

namespace TokenGate.Simulator.Serving;

/// <summary>Source-generated camelCase JSON for the stats endpoint.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(SimulatorStatsSnapshot))]
internal sealed partial class SimulatorJsonContext : JsonSerializerContext;
