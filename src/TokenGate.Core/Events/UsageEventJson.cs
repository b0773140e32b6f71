using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenGate.Core.Events;

/// <summary>
/// The wire format of usage events on the event stream: UTF-8 JSON, camelCase, enums as strings,
/// unknown fields ignored so a newer producer never breaks an older consumer within one schema version.
/// </summary>
public static class UsageEventJson
{
    /// <summary>Serializes one event.</summary>
    public static byte[] Serialize(UsageEvent usageEvent) =>
        JsonSerializer.SerializeToUtf8Bytes(usageEvent, UsageEventJsonContext.Default.UsageEvent);

    /// <summary>
    /// Reads one event; returns false (with a reason fit for a log line, never the payload) when the
    /// bytes are not a usage event of a schema version this build understands.
    /// </summary>
    public static bool TryDeserialize(ReadOnlySpan<byte> utf8Json, out UsageEvent? usageEvent, out string? error)
    {
        usageEvent = null;
        try
        {
            var parsed = JsonSerializer.Deserialize(utf8Json, UsageEventJsonContext.Default.UsageEvent);
            if (parsed is null)
            {
                error = "empty event";
                return false;
            }

            if (parsed.SchemaVersion is < 1 or > UsageEvent.CurrentSchemaVersion)
            {
                error = $"unsupported schema version {parsed.SchemaVersion}";
                return false;
            }

            usageEvent = parsed;
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = $"malformed event at byte {ex.BytePositionInLine?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";
            return false;
        }
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    MaxDepth = 8)]
[JsonSerializable(typeof(UsageEvent))]
internal sealed partial class UsageEventJsonContext : JsonSerializerContext;
