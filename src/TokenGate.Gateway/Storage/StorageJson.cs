using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenGate.Gateway.Storage;

/// <summary>The one JSON shape used for records kept as JSON columns (camelCase, enums as strings).</summary>
public static class StorageJson
{
    /// <summary>Shared serializer options for stored JSON.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
