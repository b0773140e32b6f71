using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenGate.Integration.Tests;

/// <summary>The route table of MapTokenGate over real HTTP.</summary>
public sealed class RoutesTests : IAsyncLifetime
{
    private GatewayHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await GatewayHost.StartAsync();
        _client = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Theory]
    [InlineData("/openai/deployments/x/images/generations")]
    [InlineData("/openai/v1/models")]
    [InlineData("/openai")]
    [InlineData("/v1/chat/completions")]
    [InlineData("/anything/else")]
    public async Task UnknownPath_Answers404InOpenAIShapeWithRequestId(string path)
    {
        using var response = await _client.PostAsync(path, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.True(response.Headers.Contains("x-request-id"));
    }

    [Theory]
    [InlineData("/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21")]
    [InlineData("/openai/v1/responses")]
    public async Task WrongMethodOnKnownRoute_Answers405InOpenAIShape(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("method_not_allowed", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Healthz_AnswersOk()
    {
        using var response = await _client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
