using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TokenGate.Cli.Commands;

/// <summary>
/// The admin API without curl: `plans`, `tenants`, `users`, `keys`, `quota`, `incidents` and `examples` against a
/// running gateway. Connection: `--url` (or TOKENGATE_URL, default http://127.0.0.1:5080), `--admin-key` (or
/// TOKENGATE_ADMIN_KEY, which keeps it out of shell history) and `--admin-path` (default /admin; the Functions
/// app serves it under /tokengate-admin). Prints the gateway's JSON answer indented; exit code 0 on success,
/// 1 when the gateway refuses (its OpenAI-shaped error on stderr), 2 for a usage error or an unreachable gateway.
/// </summary>
internal static class AdminCommand
{
    public const string UrlVariable = "TOKENGATE_URL";
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public const string Usage = """
          plans list | plans show <plan> | plans set <plan> <json|@file|->
          tenants show <tenant> | tenants set <tenant> [<json|@file|->] [--plan p]
          users show <tenant> <user> | users set <tenant> <user> [<json|@file|->] [--plan p]
          users block <tenant> <user> --until <ISO 8601> --reason <text> | users unblock|reset <tenant> <user>
          keys create <tenant> <user>      prints the new key once | keys revoke <keyId>
          quota explain <tenant> <user>    why a user is (or would be) throttled
          incidents list [--status s] [--tenant t] [--detector d] [--limit n] | incidents show <id>
          incidents confirm|dismiss <id> --note <text> [--example-text t] [--reviewer r] | incidents unblock <id>
          examples export                  reviewed examples as JSON lines (input of train --reviewed)
                                           all: [--url u] [--admin-key k] [--admin-path /admin]
        """;

    public static readonly IReadOnlySet<string> Resources = new HashSet<string>(StringComparer.Ordinal) { "plans", "tenants", "users", "keys", "quota", "incidents", "examples" };

    public static int Run(string resource, CommandArguments args, TextReader stdin, TextWriter stdout, TextWriter stderr, HttpMessageHandler? handler = null)
    {
        var verb = args.Positional.Count > 0 ? args.Positional[0] : string.Empty;
        var name = $"{resource} {verb}".Trim();
        var request = Build(resource, verb, args, stdin);
        if (request is null)
        {
            stderr.WriteLine($"{name}: unknown or incomplete command; usage:");
            stderr.WriteLine(Usage);
            return 2;
        }

        var url = args.Option("url") ?? Environment.GetEnvironmentVariable(UrlVariable) ?? DefaultUrl;
        var key = args.Option("admin-key") ?? Environment.GetEnvironmentVariable(RetrainCommand.AdminKeyVariable);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || string.IsNullOrWhiteSpace(key))
        {
            stderr.WriteLine($"{name}: pass --admin-key <key> (or set {RetrainCommand.AdminKeyVariable}) and a valid --url");
            return 2;
        }

        var prefix = "/" + (args.Option("admin-path") ?? "/admin").Trim('/');
        return SendAsync(name, baseUri, key, prefix, request, stdout, stderr, handler ?? new SocketsHttpHandler { AllowAutoRedirect = false }).GetAwaiter().GetResult();
    }

    /// <summary>The request a command line stands for, or null when it is not a known, complete command.</summary>
    internal static AdminRequest? Build(string resource, string verb, CommandArguments args, TextReader stdin)
    {
        var p = args.Positional;
        string Id(int index) => Uri.EscapeDataString(p[index]);
        bool Has(int count) => p.Count == count + 1;
        return (resource, verb) switch
        {
            ("plans", "list") when Has(0) => new(HttpMethod.Get, "/plans"),
            ("plans", "show") when Has(1) => new(HttpMethod.Get, $"/plans/{Id(1)}"),
            ("plans", "set") when Has(2) => new(HttpMethod.Put, $"/plans/{Id(1)}", ReadBody(p[2], stdin)),
            ("tenants", "show") when Has(1) => new(HttpMethod.Get, $"/tenants/{Id(1)}"),
            ("tenants", "set") when Has(2) || (Has(1) && args.Option("plan") is not null) =>
                new(HttpMethod.Put, $"/tenants/{Id(1)}", Has(2) ? ReadBody(p[2], stdin) : Json(new { defaultPlan = args.Option("plan") })),
            ("users", "show") when Has(2) => new(HttpMethod.Get, UserPath(p)),
            ("users", "set") when Has(3) || (Has(2) && args.Option("plan") is not null) =>
                new(HttpMethod.Put, UserPath(p), Has(3) ? ReadBody(p[3], stdin) : Json(new { plan = args.Option("plan") })),
            ("users", "block") when Has(2) && args.Option("until") is { } until && args.Option("reason") is { } reason =>
                new(HttpMethod.Post, UserPath(p) + "/block", Json(new { until, reason })),
            ("users", "unblock" or "reset") when Has(2) => new(HttpMethod.Post, $"{UserPath(p)}/{verb}", "{}"),
            ("keys", "create") when Has(2) => new(HttpMethod.Post, UserPath(p) + "/keys"),
            ("keys", "revoke") when Has(1) => new(HttpMethod.Delete, $"/keys/{Id(1)}"),
            ("quota", "explain") when Has(2) => new(HttpMethod.Get, UserPath(p) + "/quota"),
            ("incidents", "list") when Has(0) => new(HttpMethod.Get, "/incidents" + Query(args, "status", "tenant", "detector", "limit")),
            ("incidents", "show") when Has(1) => new(HttpMethod.Get, $"/incidents/{Id(1)}"),
            ("incidents", "confirm" or "dismiss") when Has(1) && args.Option("note") is { } note =>
                new(HttpMethod.Post, $"/incidents/{Id(1)}/{verb}", Json(new { note, exampleText = args.Option("example-text"), reviewer = args.Option("reviewer") })),
            ("incidents", "unblock") when Has(1) => new(HttpMethod.Post, $"/incidents/{Id(1)}/unblock", "{}"),
            ("examples", "export") when Has(0) => new(HttpMethod.Get, "/examples", Raw: true),
            _ => null,
        };
    }

    private static string UserPath(IReadOnlyList<string> p) => $"/tenants/{Uri.EscapeDataString(p[1])}/users/{Uri.EscapeDataString(p[2])}";

    private static string Query(CommandArguments args, params string[] names)
    {
        var parts = names.Where(n => args.Option(n) is not null).Select(n => $"{n}={Uri.EscapeDataString(args.Option(n)!)}").ToList();
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    // Nulls are left out, so optional flags not given are not sent (the admin API rejects unknown or null-typed fields precisely).
    private static string Json(object value) => JsonSerializer.Serialize(value, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static string ReadBody(string source, TextReader stdin)
    {
        var text = source switch
        {
            "-" => stdin.ReadToEnd(),
            _ when source.StartsWith('@') => File.ReadAllText(source[1..]),
            _ => source,
        };
        try
        {
            using var _ = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"the body is not JSON ({e.Message})", e);
        }

        return text;
    }

    private static async Task<int> SendAsync(string name, Uri baseUri, string key, string prefix, AdminRequest request, TextWriter stdout, TextWriter stderr, HttpMessageHandler handler)
    {
        using var client = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var message = new HttpRequestMessage(request.Method, new Uri(prefix + request.Path, UriKind.Relative));
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await client.SendAsync(message).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                stderr.WriteLine($"{name}: {(int)response.StatusCode} {ErrorMessage(text)}".TrimEnd());
                return 1;
            }

            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                stdout.WriteLine("done");
            }
            else if (request.Raw)
            {
                stdout.Write(text);
            }
            else
            {
                stdout.WriteLine(Indent(text));
            }

            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            stderr.WriteLine($"{name}: {e.Message}");
            return 2;
        }
    }

    private static string Indent(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static string ErrorMessage(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var message)
                ? message.GetString() ?? string.Empty
                : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }
}

/// <summary>One admin API call: method, path under the admin prefix, JSON body; <c>Raw</c> answers are printed as they come (JSON lines).</summary>
internal sealed record AdminRequest(HttpMethod Method, string Path, string? Body = null, bool Raw = false);
