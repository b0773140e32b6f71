using TokenGate.Cli.Simulation;

namespace TokenGate.Cli.Commands;

/// <summary>`simulate-traffic [--users n] [--hours h] [--seed n] [--history-hours h]`: the behavioural evaluation.</summary>
internal static class SimulateTrafficCommand
{
    public static int Run(CommandArguments args, TextWriter stdout)
    {
        var users = args.Int("users", 2000);
        var hours = args.Double("hours", 5);
        var seed = args.Int("seed", 7);
        var history = args.Double("history-hours", 3);
        var result = new TrafficSimulator(users, hours, seed, history).RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        stdout.WriteLine(FormattableString.Invariant($"benign users {result.BenignUsers}, benign user-hours {result.BenignUserHours:F0}, events {result.Events}, seed {seed}"));
        var per10k = result.BenignUserHours > 0 ? result.FalseIncidents * 10_000 / result.BenignUserHours : 0;
        stdout.WriteLine(FormattableString.Invariant($"false incidents {result.FalseIncidents} ({per10k:F2} per 10,000 benign user-hours)"));
        stdout.WriteLine(FormattableString.Invariant($"(not counted: {result.HistoryIncidents} benign incidents during the {history:F0} h of history before the window, while baselines fill)"));
        foreach (var (detector, count) in result.FalseIncidentsByDetector.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            stdout.WriteLine(FormattableString.Invariant($"  {detector}: {count}"));
        }

        foreach (var evidence in result.FalseIncidentEvidence)
        {
            stdout.WriteLine("    " + evidence);
        }

        var allDetected = true;
        foreach (var (scenario, latency) in result.Detections)
        {
            allDetected &= !scenario.Graded || (latency is { } l && l <= TimeSpan.FromSeconds(60));
            var note = scenario.Graded ? string.Empty : " (reported, not graded against 60 s)";
            stdout.WriteLine(latency is { } value
                ? FormattableString.Invariant($"{scenario.Name,-24} detected by {scenario.Detector} after {value.TotalSeconds:F1} s{note}")
                : $"{scenario.Name,-24} NOT detected by {scenario.Detector}{note}");
        }

        return allDetected && per10k < 1 ? 0 : 1;
    }
}
