namespace TokenGate.Gateway.Storage;

/// <summary>How confident a detector is that something abusive happened.</summary>
public enum IncidentSeverity
{
    Low,
    Medium,
    High,
}
