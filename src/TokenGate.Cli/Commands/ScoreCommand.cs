using System.Text.Json;
using TokenGate.Cli.Data;
using TokenGate.Core.Screening;

namespace TokenGate.Cli.Commands;

/// <summary>`score [file]`: JSON lines {"text"} in, one {"score","verdict","reasons"} line out, using exactly <see cref="PromptScreener"/> with the default policy.</summary>
internal static class ScoreCommand
{
    public static int Run(CommandArguments args, TextReader stdin, TextWriter stdout)
    {
        var screener = new PromptScreener();
        var policy = new ScreeningPolicy();
        using var file = args.Positional.Count > 0 && args.Positional[0] != "-" ? File.OpenText(args.Positional[0]) : null;
        foreach (var (text, _) in JsonLines.Read(file ?? stdin))
        {
            var result = screener.Screen([text], policy);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteNumber("score", result.InjectionScore);
                writer.WriteString("verdict", result.Verdict.ToString().ToLowerInvariant());
                writer.WriteStartArray("reasons");
                foreach (var reason in result.Reasons)
                {
                    writer.WriteStringValue(reason);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }

        return 0;
    }
}
