namespace TokenGate.Cli.Commands;

/// <summary>Hand-rolled parsing: positional arguments, "--name value" options and "--flag" switches.</summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly List<string> _positional = [];

    public CommandArguments(IEnumerable<string> args, IReadOnlySet<string> flags)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var name = arg[2..];
                if (flags.Contains(name))
                {
                    _options[name] = null;
                }
                else if (e.MoveNext())
                {
                    _options[name] = e.Current;
                }
                else
                {
                    throw new ArgumentException($"option --{name} needs a value");
                }
            }
            else
            {
                _positional.Add(arg);
            }
        }
    }

    public IReadOnlyList<string> Positional => _positional;

    public string? Option(string name) => _options.TryGetValue(name, out var value) ? value : null;

    public bool Flag(string name) => _options.ContainsKey(name);

    public int Int(string name, int fallback) =>
        _options.TryGetValue(name, out var value) && value is not null
            ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : fallback;

    public double Double(string name, double fallback) =>
        _options.TryGetValue(name, out var value) && value is not null
            ? double.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : fallback;
}
