using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.DependencyInjection;

namespace TokenGate.Gateway.Entities;

/// <summary>
/// Entity classes the in-process backend can run, by name. Names are case-insensitive, as in Durable
/// Functions; a new entity object is created (through the factory) for every operation.
/// </summary>
public sealed class InProcessEntityRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, ITaskEntity>> _factories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registered entity names (as registered).</summary>
    public IReadOnlyCollection<string> Names => _factories.Keys;

    /// <summary>Registers <typeparamref name="TEntity"/> under <paramref name="name"/>, created with its constructor's services resolved from DI.</summary>
    public InProcessEntityRegistry AddEntity<TEntity>(string name)
        where TEntity : class, ITaskEntity =>
        AddEntity(name, services => ActivatorUtilities.CreateInstance<TEntity>(services));

    /// <summary>Registers <typeparamref name="TEntity"/> under <paramref name="name"/> with a factory.</summary>
    public InProcessEntityRegistry AddEntity<TEntity>(string name, Func<IServiceProvider, TEntity> factory)
        where TEntity : class, ITaskEntity
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_factories.TryAdd(name, factory))
        {
            throw new InvalidOperationException($"An entity named '{name}' is already registered.");
        }

        return this;
    }

    internal bool TryGetFactory(string name, out Func<IServiceProvider, ITaskEntity> factory) =>
        _factories.TryGetValue(name, out factory!);
}
