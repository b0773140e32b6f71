using System.Text.Json;

namespace TokenGate.Testing.Entities;

/// <summary>The serializer the entity doubles use: System.Text.Json defaults, like Durable Task's JsonDataConverter.</summary>
public static class EntityJson
{
    public static JsonSerializerOptions Options { get; } = new();

    public static string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    public static object? Deserialize(string? json, Type type) =>
        json is null ? null : JsonSerializer.Deserialize(json, type, Options);
}
