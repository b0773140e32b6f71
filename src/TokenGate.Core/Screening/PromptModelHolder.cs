namespace TokenGate.Core.Screening;

/// <summary>
/// The live classifier a <see cref="PromptScreener"/> reads: one volatile reference, replaced
/// atomically by <see cref="Swap"/>. A screening call reads it once, so a call in flight finishes on
/// the model it started with and never mixes two. No locks, no allocation on the read.
/// </summary>
public sealed class PromptModelHolder
{
    private PromptClassifierModel _current;

    /// <summary>Starts with <paramref name="initial"/> (the embedded model when null).</summary>
    public PromptModelHolder(PromptClassifierModel? initial = null)
    {
        _current = initial ?? PromptClassifierModel.Embedded;
    }

    /// <summary>The model screening uses now.</summary>
    public PromptClassifierModel Current => Volatile.Read(ref _current);

    /// <summary>Makes <paramref name="next"/> the live model; returns the one it replaced.</summary>
    public PromptClassifierModel Swap(PromptClassifierModel next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return Interlocked.Exchange(ref _current, next);
    }
}
