using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TokenGate.Cli.Commands;

/// <summary>
/// `retrain --url &lt;gateway&gt; [--admin-key k] [--admin-path /admin] [--poll-seconds 2]`: starts an in-process
/// retraining run on a running gateway (POST …/screening/retrain), polls it, and prints before/after on the
/// held-out split. The key may come from TOKENGATE_ADMIN_KEY instead, to keep it out of shell history.
/// Exit code 0 accepted, 1 refused (the gateway kept its model), 2 failed or unreachable.
/// </summary>
internal static class RetrainCommand
{
    public const string AdminKeyVariable = "TOKENGATE_ADMIN_KEY";

    public static int Run(CommandArguments args, TextWriter stdout, TextWriter stderr, HttpMessageHandler? handler = null, Func<TimeSpan, Task>? wait = null) =>
        RunAsync(args, stdout, stderr, handler ?? new SocketsHttpHandler { AllowAutoRedirect = false }, wait ?? (d => Task.Delay(d))).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(CommandArguments args, TextWriter stdout, TextWriter stderr, HttpMessageHandler handler, Func<TimeSpan, Task> wait)
    {
        var url = args.Option("url");
        var key = args.Option("admin-key") ?? Environment.GetEnvironmentVariable(AdminKeyVariable);
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || string.IsNullOrWhiteSpace(key))
        {
            stderr.WriteLine($"retrain: pass --url <gateway> and --admin-key <key> (or set {AdminKeyVariable})");
            return 2;
        }

        var prefix = "/" + (args.Option("admin-path") ?? "/admin").Trim('/');
        var poll = TimeSpan.FromSeconds(args.Double("poll-seconds", 2));
        using var client = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        try
        {
            using var started = await client.PostAsync(new Uri(prefix + "/screening/retrain", UriKind.Relative), null).ConfigureAwait(false);
            var body = await ReadAsync(started).ConfigureAwait(false);
            if (started.StatusCode != HttpStatusCode.Accepted)
            {
                stderr.WriteLine($"retrain: {(int)started.StatusCode} {ErrorMessage(body)}");
                return 2;
            }

            var id = body.GetProperty("id").GetString()!;
            stdout.WriteLine($"run {id} started on model {Text(body, "baseModelVersion")}");
            while (true)
            {
                await wait(poll).ConfigureAwait(false);
                using var response = await client.GetAsync(new Uri($"{prefix}/screening/retrain/{Uri.EscapeDataString(id)}", UriKind.Relative)).ConfigureAwait(false);
                var run = await ReadAsync(response).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    stderr.WriteLine($"retrain: {(int)response.StatusCode} {ErrorMessage(run)}");
                    return 2;
                }

                var status = Text(run, "status");
                if (status == "running")
                {
                    continue;
                }

                return Report(run, status, stdout, stderr);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            stderr.WriteLine($"retrain: {e.Message}");
            return 2;
        }
    }

    private static int Report(JsonElement run, string status, TextWriter stdout, TextWriter stderr)
    {
        stdout.WriteLine($"status {status}: reviewed {Number(run, "reviewedCount")}, train {Number(run, "trainCount")}, held-out {Number(run, "testCount")}");
        if (status == "failed")
        {
            stderr.WriteLine($"retrain: the run failed ({Text(run, "error")}); the gateway kept its model");
            return 2;
        }

        stdout.WriteLine("before: " + Metrics(run, "before"));
        stdout.WriteLine("after:  " + Metrics(run, "after"));
        if (status == "accepted")
        {
            stdout.WriteLine($"model {Text(run, "modelVersion")} (sha256 {Text(run, "modelHash")}) is live and stored for every instance");
            return 0;
        }

        stdout.WriteLine("refused: the new model is worse on the held-out split; the gateway kept its model");
        return 1;
    }

    private static string Metrics(JsonElement run, string name) =>
        run.TryGetProperty(name, out var m) && m.ValueKind == JsonValueKind.Object
            ? string.Create(CultureInfo.InvariantCulture, $"precision {m.GetProperty("precision").GetDouble():F3}  recall {m.GetProperty("recall").GetDouble():F3}  F1 {m.GetProperty("f1").GetDouble():F3}  FPR {m.GetProperty("falsePositiveRate").GetDouble():F3}")
            : "(none)";

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "?";

    private static string Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32().ToString(CultureInfo.InvariantCulture) : "?";

    private static string ErrorMessage(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var message)
            ? message.GetString() ?? string.Empty
            : string.Empty;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
