namespace TokenGate.Core.Screening;

/// <summary>What to do when personal data or secrets are found in a prompt.</summary>
public enum PiiAction
{
    Allow,
    Flag,
    Redact,
    Block,
}
