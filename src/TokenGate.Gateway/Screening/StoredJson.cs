using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenGate.Gateway.Screening;

/// <summary>JSON of run records and metrics in the model store: camelCase, enums as strings.</summary>
internal static class StoredJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
