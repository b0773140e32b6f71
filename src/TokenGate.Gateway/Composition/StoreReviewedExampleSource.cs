using TokenGate.Gateway.Abuse;
using TokenGate.Gateway.Storage;

namespace TokenGate.Gateway.Composition;

/// <summary>
/// Reviewed verdicts that carry an example text become labelled examples for retraining; a verdict
/// without text stays on its incident only (there is nothing to learn from). One example per incident:
/// the id is the incident id, so a changed verdict replaces the earlier label.
/// </summary>
internal sealed class StoreReviewedExampleSource(ILabelledExampleStore store) : IReviewedExampleSource
{
    public Task AddAsync(ReviewedExample example, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(example);
        return string.IsNullOrWhiteSpace(example.Text)
            ? Task.CompletedTask
            : store.AddAsync(
                new LabelledExample
                {
                    Id = example.IncidentId,
                    Text = example.Text,
                    Label = example.Label,
                    SourceIncidentId = example.IncidentId,
                    CreatedAt = example.ReviewedAt,
                },
                ct);
    }

    public async Task<IReadOnlyList<ReviewedExample>> ListAsync(CancellationToken ct)
    {
        var rows = await store.ListAsync(ct).ConfigureAwait(false);
        return [.. rows.Select(r => new ReviewedExample(r.SourceIncidentId ?? r.Id, "review", r.Label, r.Text, string.Empty, r.CreatedAt))];
    }
}
