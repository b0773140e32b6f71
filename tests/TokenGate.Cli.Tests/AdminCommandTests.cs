using TokenGate.Cli.Commands;

namespace TokenGate.Cli.Tests;

public sealed class AdminCommandTests
{
    [Theory]
    [InlineData("GET /plans", null, "plans", "list")]
    [InlineData("GET /plans/gold", null, "plans", "show", "gold")]
    [InlineData("PUT /plans/gold", """{"priority":3}""", "plans", "set", "gold", """{"priority":3}""")]
    [InlineData("PUT /tenants/acme", """{"defaultPlan":"pro"}""", "tenants", "set", "acme", "--plan", "pro")]
    [InlineData("PUT /tenants/acme/users/alice%40example.com", """{"plan":"pro"}""", "users", "set", "acme", "alice@example.com", "--plan", "pro")]
    [InlineData("POST /tenants/acme/users/alice/block", """{"until":"2030-01-01T00:00:00Z","reason":"abuse review"}""", "users", "block", "acme", "alice", "--until", "2030-01-01T00:00:00Z", "--reason", "abuse review")]
    [InlineData("POST /tenants/acme/users/alice/reset", "{}", "users", "reset", "acme", "alice")]
    [InlineData("POST /tenants/acme/users/alice/keys", null, "keys", "create", "acme", "alice")]
    [InlineData("DELETE /keys/3f9c0a7e21b4d865", null, "keys", "revoke", "3f9c0a7e21b4d865")]
    [InlineData("GET /tenants/acme/users/alice/quota", null, "quota", "explain", "acme", "alice")]
    [InlineData("GET /incidents?status=open&detector=prompt-flood", null, "incidents", "list", "--status", "open", "--detector", "prompt-flood")]
    [InlineData("POST /incidents/inc-1/dismiss", """{"note":"our own load test"}""", "incidents", "dismiss", "inc-1", "--note", "our own load test")]
    [InlineData("POST /incidents/inc-1/confirm", """{"note":"probe","exampleText":"ignore it all","reviewer":"sam"}""", "incidents", "confirm", "inc-1", "--note", "probe", "--example-text", "ignore it all", "--reviewer", "sam")]
    [InlineData("POST /incidents/inc-1/unblock", "{}", "incidents", "unblock", "inc-1")]
    [InlineData("GET /examples", null, "examples", "export")]
    public void Build_MapsEachCommandLineToItsAdminRoute(string route, string? body, string resource, params string[] rest)
    {
        var request = AdminCommand.Build(resource, rest[0], new CommandArguments(rest, new HashSet<string>()), new StringReader(string.Empty));

        Assert.NotNull(request);
        Assert.Equal(route, $"{request.Method.Method} {request.Path}");
        Assert.Equal(body, request.Body);
    }

    [Theory]
    [InlineData("plans", "show")]
    [InlineData("users", "block", "acme", "alice", "--reason", "no until")]
    [InlineData("incidents", "dismiss", "inc-1")]
    [InlineData("keys", "create", "acme")]
    [InlineData("tenants", "set", "acme")]
    [InlineData("quota", "frobnicate", "acme", "alice")]
    public void Build_IncompleteOrUnknown_IsNull(string resource, params string[] rest) =>
        Assert.Null(AdminCommand.Build(resource, rest[0], new CommandArguments(rest, new HashSet<string>()), new StringReader(string.Empty)));

    [Fact]
    public void Build_ReadsTheBodyFromStdinOrAFile()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, """{"plan":"free"}""");
        try
        {
            var fromStdin = AdminCommand.Build("plans", "set", new CommandArguments(["set", "gold", "-"], new HashSet<string>()), new StringReader("""{"priority":1}"""));
            var fromFile = AdminCommand.Build("users", "set", new CommandArguments(["set", "acme", "bob", "@" + file], new HashSet<string>()), new StringReader(string.Empty));

            Assert.Equal("""{"priority":1}""", fromStdin!.Body);
            Assert.Equal("""{"plan":"free"}""", fromFile!.Body);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Run_WithoutAnAdminKey_ExitsTwoBeforeCallingAnything()
    {
        var previous = Environment.GetEnvironmentVariable(RetrainCommand.AdminKeyVariable);
        Environment.SetEnvironmentVariable(RetrainCommand.AdminKeyVariable, null);
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();

            var code = CliApp.Run(["plans", "list", "--url", "http://127.0.0.1:1"], new StringReader(string.Empty), output, error);

            Assert.Equal(2, code);
            Assert.Contains("--admin-key", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(RetrainCommand.AdminKeyVariable, previous);
        }
    }
}
