using TokenGate.Cli.Commands;

namespace TokenGate.Cli;

/// <summary>Entry point logic, separated from Program so tests run commands with their own streams.</summary>
internal static class CliApp
{
    public const string Usage = """
        usage: tokengate <command> [options]
        admin API of a running gateway (--url, default http://127.0.0.1:5080; --admin-key or TOKENGATE_ADMIN_KEY):
        """ + "\n" + AdminCommand.Usage + "\n" + """
        screening and detection:
          score [file.jsonl|-]             score {"text"} JSON lines (stdin by default)
          evaluate <file.jsonl> [--threshold x]
                                           precision, recall, F1, FPR on {"text","label"} lines (threshold 0.5)
          cross-source [--data d] [--seed n] [--reviewed-share x] [--write-errors dir]
                                           per data source: train without it, score the screener on all of it,
                                           then with a share of it as reviewed verdicts (the feedback loop)
          train [--data d] [--models d] [--reviewed f.jsonl] [--seed n] [--force] [--write-split dir]
                                           [--epochs n] [--learning-rate x] [--l2 x] [--benign-weight x]
                                           retrain the screening classifier into models/
          retrain --url <gateway> [--admin-key k] [--admin-path /admin] [--poll-seconds s]
                                           retrain a running gateway's screening model in process (admin key, or
                                           TOKENGATE_ADMIN_KEY) and print before/after; Functions: --admin-path /tokengate-admin
          simulate-traffic [--users n] [--hours h] [--seed n | --seeds a,b,c] [--history-hours h]
                                           replay benign users plus attack scenarios through the detectors
        """;

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            var rest = args.Skip(1);
            return args[0] switch
            {
                "score" => ScoreCommand.Run(new CommandArguments(rest, new HashSet<string>()), stdin, stdout),
                "evaluate" => EvaluateCommand.Run(new CommandArguments(rest, new HashSet<string>()), stdout, stderr),
                "cross-source" => CrossSourceCommand.Run(new CommandArguments(rest, new HashSet<string>()), stdout, stderr),
                "train" => TrainCommand.Run(new CommandArguments(rest, new HashSet<string> { "force" }), stdout, stderr),
                "retrain" => RetrainCommand.Run(new CommandArguments(rest, new HashSet<string>()), stdout, stderr),
                "simulate-traffic" => SimulateTrafficCommand.Run(new CommandArguments(rest, new HashSet<string>()), stdout),
                _ when AdminCommand.Resources.Contains(args[0]) => AdminCommand.Run(args[0], new CommandArguments(rest, new HashSet<string>()), stdin, stdout, stderr),
                _ => Unknown(args[0], stderr),
            };
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or FormatException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{args[0]}: {e.Message}");
            return 2;
        }
    }

    private static int Unknown(string command, TextWriter stderr)
    {
        stderr.WriteLine($"unknown command '{command}'");
        stderr.WriteLine(Usage);
        return 2;
    }
}
