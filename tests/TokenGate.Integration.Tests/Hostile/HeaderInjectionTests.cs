using TokenGate.Core.Plans;

namespace TokenGate.Integration.Tests.Hostile;

/// <summary>
/// Header injection and framing attacks written as raw bytes (HttpClient refuses to send them): each is
/// refused with a 4xx, never a 5xx, and never reaches the upstream.
/// </summary>
public sealed class HeaderInjectionTests : IAsyncLifetime
{
    private const string Body = """{"messages":[{"role":"user","content":"Hi"}],"max_tokens":5}""";
    private HostileHost _host = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _host = await HostileHost.StartAsync();
        _key = await _host.CreateUserAsync("t1", "raw", new PlanDefinition { Name = "raw", RequestsPerMinute = 100_000, MaxConcurrentRequests = 100 });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string> Attacks => new()
    {
        "bare-lf-in-key",
        "nul-in-key",
        "cr-in-key",
        "obs-fold-identity",
        "space-in-header-name",
        "oversized-header",
        "nul-in-path",
        "content-length-and-chunked-bad-body",
        "two-content-lengths",
        "negative-content-length",
        "spoofed-identity-lines",
    };

    [Fact]
    public async Task BodyShorterThanContentLength_ThenClientHangsUp_IsRefusedWith400NotA5xx()
    {
        var request = $"POST {HostileInputs.ChatPath} HTTP/1.1\r\nHost: 127.0.0.1\r\napi-key: {_key}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{{\"messages\":[";

        var (status, response) = await RawHttp.SendAsync(_host.BaseAddress, request, hangUp: true);

        Assert.True(status is 0 or (>= 400 and < 500), $"status {status}: {response}");
        Assert.Equal(0, _host.Upstream.Count);
        Assert.DoesNotContain(_host.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task MalformedOrInjectedHeaders_AreRefusedWithoutReachingUpstream(string attack)
    {
        var host = $"127.0.0.1:{_host.BaseAddress.Port}";
        var path = HostileInputs.ChatPath;
        var request = attack switch
        {
            "bare-lf-in-key" => Request(path, host, $"api-key: bad\nx-tokengate-user: victim\r\n", Body),
            "nul-in-key" => Request(path, host, $"api-key: {_key}\0x\r\n", Body),
            "cr-in-key" => Request(path, host, $"api-key: {_key}\rx-tokengate-user: victim\r\n", Body),
            "obs-fold-identity" => Request(path, host, $"api-key: bad\r\n x-tokengate-user: victim\r\n", Body),
            "space-in-header-name" => Request(path, host, $"api key: {_key}\r\n", Body),
            "oversized-header" => Request(path, host, $"api-key: {_key}\r\nx-pad: {new string('a', 70_000)}\r\n", Body),
            "nul-in-path" => Request("/openai/deployments/gpt-4o-mini%00/chat/completions?api-version=2024-10-21", host, $"api-key: {_key}\r\n", Body),
            "content-length-and-chunked-bad-body" =>
                $"POST {path} HTTP/1.1\r\nHost: {host}\r\napi-key: {_key}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n{{\"a\":\r\n0\r\n\r\n",
            "two-content-lengths" =>
                $"POST {path} HTTP/1.1\r\nHost: {host}\r\napi-key: {_key}\r\nContent-Length: {Body.Length}\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{Body}",
            "negative-content-length" =>
                $"POST {path} HTTP/1.1\r\nHost: {host}\r\napi-key: {_key}\r\nContent-Length: -1\r\nConnection: close\r\n\r\n{Body}",
            "spoofed-identity-lines" => Request(path, host, "x-tokengate-user: victim\r\nx-tokengate-tenant: t1\r\nX-MS-CLIENT-PRINCIPAL-ID: 00000000-0000-0000-0000-000000000000\r\n", Body),
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };

        var (status, response) = await RawHttp.SendAsync(_host.BaseAddress, request);

        Assert.InRange(status, 400, 499);
        Assert.Equal(0, _host.Upstream.Count);
        Assert.DoesNotContain(_key, response, StringComparison.Ordinal);
    }

    private static string Request(string path, string host, string headers, string body) =>
        $"POST {path} HTTP/1.1\r\nHost: {host}\r\n{headers}Content-Type: application/json\r\nContent-Length: {System.Text.Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
}
