namespace TokenGate.Core.Detection;

/// <summary>The detector names findings and incidents carry.</summary>
public static class DetectorNames
{
    public const string TokenVelocity = "token-velocity";
    public const string PromptFlood = "prompt-flood";
    public const string CredentialStuffing = "credential-stuffing";
    public const string RejectionSpike = "rejection-spike";
    public const string UpstreamErrors = "upstream-errors";
    public const string RepeatedInjection = "repeated-injection";
    public const string SlowBurn = "slow-burn";
}
