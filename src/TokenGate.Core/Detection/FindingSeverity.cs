namespace TokenGate.Core.Detection;

/// <summary>How sure a detector is: Medium opens an incident for review, High blocks automatically.</summary>
public enum FindingSeverity
{
    Medium,
    High,
}
