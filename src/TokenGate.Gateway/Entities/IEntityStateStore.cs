using Microsoft.DurableTask.Entities;

namespace TokenGate.Gateway.Entities;

/// <summary>Where the in-process entity backend keeps committed entity state. Implementations: in memory, Azure Tables.</summary>
public interface IEntityStateStore
{
    /// <summary>The committed state, or null when the entity does not exist.</summary>
    Task<EntityStateEntry?> GetAsync(EntityInstanceId id, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the state if it is still at <paramref name="expectedVersion"/> (null = the entity must not exist);
    /// a null <paramref name="state"/> deletes the entity. Returns the new version (null after a delete).
    /// </summary>
    /// <exception cref="EntityStateConflictException">The stored version is not <paramref name="expectedVersion"/>.</exception>
    Task<string?> SaveAsync(EntityInstanceId id, string? state, string? expectedVersion, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>All entities whose (lower-case) name starts with <paramref name="namePrefix"/> (null = all).</summary>
    IAsyncEnumerable<EntityStateEntry> ListAsync(string? namePrefix, CancellationToken cancellationToken);
}
