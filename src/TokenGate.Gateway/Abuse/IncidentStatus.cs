namespace TokenGate.Gateway.Abuse;

/// <summary>Review state of an incident.</summary>
public enum IncidentStatus
{
    Open,
    Confirmed,
    Dismissed,
}
