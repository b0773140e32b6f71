namespace TokenGate.Gateway.Storage;

/// <summary>Review state of an incident.</summary>
public enum IncidentStatus
{
    /// <summary>Waiting for a reviewer.</summary>
    Open,
    /// <summary>A reviewer confirmed the abuse.</summary>
    Confirmed,
    /// <summary>A reviewer found it harmless.</summary>
    Dismissed,
}
