using System.Collections.Concurrent;

namespace TokenGate.Gateway.Storage;

/// <summary><see cref="ILabelledExampleStore"/> in process memory.</summary>
public sealed class InMemoryLabelledExampleStore : ILabelledExampleStore
{
    private readonly ConcurrentDictionary<string, LabelledExample> _examples = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task AddAsync(LabelledExample example, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(example);
        ExampleRules.EnsureValid(example);
        _examples[example.Id] = example;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LabelledExample>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LabelledExample>>(ExampleRules.Order(_examples.Values));
}
