namespace TokenGate.Infra.Tests;

/// <summary>Exit code and output of one Bicep CLI run.</summary>
internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n{StandardOutput}\n{StandardError}";
}
