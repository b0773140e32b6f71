using System.Text.Encodings.Web;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.Tokenizers;
using TokenGate.Core.Tokens;

namespace TokenGate.Benchmarks.Tokens;

/// <summary>
/// Prompt estimation (parse + validate + count a chat body) against the raw tokenizer counting the
/// same message texts concatenated. Target: estimation at ≥ 90% of the baseline's throughput.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class PromptTokenEstimationBenchmarks
{
    private byte[] _body = [];
    private string _concatenated = string.Empty;
    private Tokenizer _tokenizer = null!;

    /// <summary>Messages in the conversation; each is ~120 words.</summary>
    [Params(4, 40)]
    public int Messages { get; set; }

    /// <summary>True: non-ASCII escaped as \uXXXX, as the OpenAI Python and .NET SDKs send it; false: raw UTF-8.</summary>
    [Params(true, false)]
    public bool AsciiEscaped { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var messages = new List<object> { new { role = "system", content = BenchText.Paragraph(random, 60) } };
        for (var i = 1; i < Messages; i++)
        {
            messages.Add(new { role = i % 2 == 1 ? "user" : "assistant", content = BenchText.Paragraph(random, 120) });
        }

        var json = new JsonSerializerOptions { Encoder = AsciiEscaped ? JavaScriptEncoder.Default : JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        _body = JsonSerializer.SerializeToUtf8Bytes(new { model = "gpt-4o", messages, max_tokens = 500, stream = true }, json);
        _concatenated = string.Concat(messages.Select(m => (string)m.GetType().GetProperty("content")!.GetValue(m)!));
        _tokenizer = ModelTokenizers.ForModel("gpt-4o").Tokenizer;
        if (Estimate() < RawTokenizer())
        {
            throw new InvalidOperationException("The estimate must include the raw count plus overheads.");
        }
    }

    [Benchmark(Baseline = true)]
    public int RawTokenizer() => _tokenizer.CountTokens(_concatenated);

    [Benchmark]
    public int Estimate() => RequestInspector.Read(_body, EndpointKind.ChatCompletions, null).Facts!.PromptTokens;

    /// <summary>The unpaired-surrogate check inside <see cref="Estimate"/>: a vectorised search, a look at each escape found.</summary>
    [Benchmark]
    public bool SurrogateCheck() => UnicodeEscapes.HasUnpairedSurrogate(_body);
}
