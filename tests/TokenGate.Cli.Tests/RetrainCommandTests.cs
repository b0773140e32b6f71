using System.Net;
using System.Text;
using TokenGate.Cli.Commands;

namespace TokenGate.Cli.Tests;

public sealed class RetrainCommandTests
{
    private const string Metrics = """{"precision":0.993,"recall":0.904,"f1":0.947,"falsePositiveRate":0.011}""";

    [Fact]
    public void Retrain_StartsPollsAndPrintsBeforeAndAfter_ExitZeroWhenAccepted()
    {
        var gateway = new ScriptedGateway(
            (HttpStatusCode.Accepted, """{"id":"rt_1","status":"running","baseModelVersion":"embedded-abc"}"""),
            (HttpStatusCode.OK, """{"id":"rt_1","status":"running"}"""),
            (HttpStatusCode.OK, $$"""{"id":"rt_1","status":"accepted","reviewedCount":3,"trainCount":2031,"testCount":507,"before":{{Metrics}},"after":{{Metrics}},"modelVersion":"20261128T043000000Z-0123456789ab","modelHash":"0123"}"""));

        var (code, output, _) = Run(gateway, "--url", "http://gateway.test", "--admin-key", "k".PadRight(40, 'k'));

        Assert.Equal(0, code);
        Assert.Contains("run rt_1 started on model embedded-abc", output, StringComparison.Ordinal);
        Assert.Contains("before: precision 0.993  recall 0.904  F1 0.947  FPR 0.011", output, StringComparison.Ordinal);
        Assert.Contains("after:  precision 0.993", output, StringComparison.Ordinal);
        Assert.Contains("model 20261128T043000000Z-0123456789ab", output, StringComparison.Ordinal);
        Assert.Equal(["POST /admin/screening/retrain", "GET /admin/screening/retrain/rt_1", "GET /admin/screening/retrain/rt_1"], gateway.Requests);
        Assert.All(gateway.Authorization, a => Assert.Equal("Bearer " + "k".PadRight(40, 'k'), a));
    }

    [Fact]
    public void Retrain_WhenRefused_ExitsOneAndSaysTheModelWasKept()
    {
        var gateway = new ScriptedGateway(
            (HttpStatusCode.Accepted, """{"id":"rt_2","status":"running"}"""),
            (HttpStatusCode.OK, $$"""{"id":"rt_2","status":"refused","before":{{Metrics}},"after":{{Metrics}}}"""));

        var (code, output, _) = Run(gateway, "--url", "http://gateway.test", "--admin-key", "key", "--admin-path", "/tokengate-admin");

        Assert.Equal(1, code);
        Assert.Contains("kept its model", output, StringComparison.Ordinal);
        Assert.Equal("POST /tokengate-admin/screening/retrain", gateway.Requests[0]);
    }

    [Fact]
    public void Retrain_WhenARunIsInProgress_PrintsTheGatewaysErrorAndExitsTwo()
    {
        var gateway = new ScriptedGateway((HttpStatusCode.Conflict, """{"error":{"message":"A retraining run is already in progress on this instance.","type":"invalid_request_error","param":null,"code":"retrain_in_progress"}}"""));

        var (code, _, error) = Run(gateway, "--url", "http://gateway.test", "--admin-key", "key");

        Assert.Equal(2, code);
        Assert.Contains("409 A retraining run is already in progress", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Retrain_WithoutUrlOrKey_ExitsTwoWithUsage()
    {
        var (code, _, error) = Run(new ScriptedGateway(), "--url", "http://gateway.test");

        Assert.Equal(2, code);
        Assert.Contains("--admin-key", error, StringComparison.Ordinal);
    }

    private static (int Code, string Out, string Err) Run(ScriptedGateway gateway, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = RetrainCommand.Run(new CommandArguments(args, new HashSet<string>()), output, error, gateway, _ => Task.CompletedTask);
        return (code, output.ToString(), error.ToString());
    }

    private sealed class ScriptedGateway(params (HttpStatusCode Status, string Body)[] responses) : HttpMessageHandler
    {
        private int _next;

        public List<string> Requests { get; } = [];

        public List<string> Authorization { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
            Authorization.Add(request.Headers.Authorization?.ToString() ?? string.Empty);
            var (status, body) = responses[_next++];
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
