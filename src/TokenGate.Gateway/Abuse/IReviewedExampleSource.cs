namespace TokenGate.Gateway.Abuse;

/// <summary>Reviewed verdicts as labelled examples (bridged by the host to the labelled-example table).</summary>
public interface IReviewedExampleSource
{
    Task AddAsync(ReviewedExample example, CancellationToken ct);

    /// <summary>All stored examples, oldest first.</summary>
    Task<IReadOnlyList<ReviewedExample>> ListAsync(CancellationToken ct);
}
