using System.Collections.Concurrent;

namespace TokenGate.Gateway.Abuse;

/// <summary>Reviewed examples in memory, one per incident (a later verdict replaces the earlier one).</summary>
public sealed class InMemoryReviewedExampleSource : IReviewedExampleSource
{
    private readonly ConcurrentDictionary<string, ReviewedExample> _examples = new(StringComparer.Ordinal);

    public Task AddAsync(ReviewedExample example, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(example);
        _examples[example.IncidentId] = example;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ReviewedExample>> ListAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ReviewedExample>>(_examples.Values.OrderBy(e => e.ReviewedAt).ThenBy(e => e.IncidentId, StringComparer.Ordinal).ToList());
}
