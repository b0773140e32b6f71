namespace TokenGate.Gateway.Storage;

/// <summary>Outcome of <see cref="IUsageLedgerStore.AddAsync"/>.</summary>
public enum UsageAddResult
{
    /// <summary>The batch was added.</summary>
    Applied,
    /// <summary>This batch id was applied before; nothing changed.</summary>
    Duplicate,
    /// <summary>Added to a record that was already finalised (late usage); the record stays finalised.</summary>
    AppliedAfterFinalised,
}
