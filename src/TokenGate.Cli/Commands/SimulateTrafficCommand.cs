using System.Globalization;
using TokenGate.Cli.Simulation;

namespace TokenGate.Cli.Commands;

/// <summary>
/// `simulate-traffic [--users n] [--hours h] [--seed n | --seeds a,b,c] [--history-hours h]`: the behavioural
/// evaluation. With several seeds each run is printed, then the false-incident rate pooled over all of them (a
/// rate of fewer than 1 per 10,000 user-hours needs far more than 10,000 user-hours to be measured).
/// </summary>
internal static class SimulateTrafficCommand
{
    public static int Run(CommandArguments args, TextWriter stdout)
    {
        var users = args.Int("users", 2000);
        var hours = args.Double("hours", 5);
        var history = args.Double("history-hours", 3);
        var seeds = Seeds(args);
        var allDetected = true;
        var falseIncidents = 0;
        var userHours = 0.0;
        foreach (var seed in seeds)
        {
            var result = new TrafficSimulator(users, hours, seed, history).RunAsync(CancellationToken.None).GetAwaiter().GetResult();
            allDetected &= Print(result, seed, history, stdout);
            falseIncidents += result.FalseIncidents;
            userHours += result.BenignUserHours;
        }

        var per10k = userHours > 0 ? falseIncidents * 10_000 / userHours : 0;
        if (seeds.Count > 1)
        {
            stdout.WriteLine(FormattableString.Invariant(
                $"pooled over seeds {string.Join(',', seeds)}: {falseIncidents} false incidents in {userHours:F0} benign user-hours ({per10k:F2} per 10,000)"));
        }

        return allDetected && per10k < 1 ? 0 : 1;
    }

    private static List<int> Seeds(CommandArguments args)
    {
        if (args.Option("seeds") is not { } list)
        {
            return [args.Int("seed", 7)];
        }

        var seeds = new List<int>();
        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
            {
                throw new ArgumentException($"--seeds expects comma-separated integers, got '{item}'.");
            }

            seeds.Add(seed);
        }

        return seeds.Count > 0 ? seeds : throw new ArgumentException("--seeds expects at least one seed.");
    }

    // One run's report; true when every graded scenario was found within 60 s.
    private static bool Print(SimulationResult result, int seed, double history, TextWriter stdout)
    {
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

        return allDetected;
    }
}
