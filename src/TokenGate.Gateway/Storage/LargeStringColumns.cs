using Azure.Data.Tables;

namespace TokenGate.Gateway.Storage;

/// <summary>
/// Stores a string that may exceed the 64 KiB limit of one table property by splitting it across
/// numbered properties (<c>Name</c>, <c>Name_1</c>, …). A table entity holds at most 1 MiB in all.
/// </summary>
public static class LargeStringColumns
{
    /// <summary>Characters per property: 64 KiB of UTF-16 is 32,768 characters; keep a margin.</summary>
    public const int ChunkLength = 30_000;

    /// <summary>Largest string that fits (the entity's 1 MiB limit less room for other properties).</summary>
    public const int MaxLength = ChunkLength * 15;

    /// <summary>Writes <paramref name="value"/> into <paramref name="entity"/> under <paramref name="name"/>.</summary>
    public static void Write(TableEntity entity, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxLength)
        {
            throw new ArgumentException(
                $"The value of '{name}' is {value.Length} characters; a table row holds at most {MaxLength}.", nameof(value));
        }

        var chunks = Math.Max(1, (value.Length + ChunkLength - 1) / ChunkLength);
        for (var i = 0; i < chunks; i++)
        {
            var start = i * ChunkLength;
            entity[ColumnName(name, i)] = value.Substring(start, Math.Min(ChunkLength, value.Length - start));
        }

        entity[name + "_Chunks"] = chunks;
    }

    /// <summary>Reads a value written by <see cref="Write"/>; null when absent.</summary>
    public static string? Read(TableEntity entity, string name)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var chunks = entity.GetInt32(name + "_Chunks") ?? (entity.ContainsKey(name) ? 1 : 0);
        if (chunks == 0)
        {
            return null;
        }

        if (chunks == 1)
        {
            return entity.GetString(name);
        }

        return string.Concat(Enumerable.Range(0, chunks).Select(i => entity.GetString(ColumnName(name, i))));
    }

    private static string ColumnName(string name, int index) =>
        index == 0 ? name : FormattableString.Invariant($"{name}_{index}");
}
