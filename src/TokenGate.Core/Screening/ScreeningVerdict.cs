namespace TokenGate.Core.Screening;

/// <summary>The inline screening outcome for one request.</summary>
public enum ScreeningVerdict
{
    Allow,
    Flag,
    Block,
}
