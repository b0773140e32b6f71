using Azure;
using Azure.Data.Tables;
using TokenGate.Testing;

namespace TokenGate.Gateway.Tests.Storage;

public sealed class AzuriteServerTests
{
    [Fact]
    public async Task Restart_WhenPersistent_KeepsDataOnTheSamePorts()
    {
        await using var server = await AzuriteServer.StartAsync(persistent: true);
        var table = new TableClient(server.ConnectionString, "restarts");
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = 42 });
        var port = server.TablePort;

        server.Stop();
        Assert.False(server.IsRunning);
        Assert.False(await FreePort.IsListeningAsync(port));
        await Assert.ThrowsAnyAsync<Exception>(() => new TableClient(server.ConnectionString, "restarts", NoRetry()).GetEntityAsync<TableEntity>("p", "r"));

        await server.RestartAsync();
        Assert.True(server.IsRunning);
        Assert.Equal(port, server.TablePort);
        var row = await table.GetEntityAsync<TableEntity>("p", "r");
        Assert.Equal(42, row.Value.GetInt32("Value"));
    }

    [Fact]
    public async Task ConnectionString_NamesTheDevelopmentAccountAndAllThreePorts()
    {
        await using var server = await AzuriteServer.StartAsync();
        Assert.Contains($"TableEndpoint=http://127.0.0.1:{server.TablePort}/devstoreaccount1", server.ConnectionString, StringComparison.Ordinal);
        Assert.Contains($"BlobEndpoint=http://127.0.0.1:{server.BlobPort}/devstoreaccount1", server.ConnectionString, StringComparison.Ordinal);
        Assert.Contains($"QueueEndpoint=http://127.0.0.1:{server.QueuePort}/devstoreaccount1", server.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(3, new[] { server.BlobPort, server.QueuePort, server.TablePort }.Distinct().Count());
        Assert.True(await FreePort.IsListeningAsync(server.BlobPort));
    }

    [Fact]
    public async Task NpmTool_Resolve_WhenFileMissing_ThrowsFileNotFound()
    {
        var tool = await NpmTool.EnsureInstalledAsync("azurite", AzuriteServer.Version);
        Assert.True(File.Exists(tool.Resolve("package.json")));
        Assert.Throws<FileNotFoundException>(() => tool.Resolve("no-such-file.js"));
    }

    [Fact]
    public async Task NodeTools_WhenAProgramIsMissing_SaysWhatToInstall()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NodeTools.RunAsync("tokengate-no-such-program", [], RepositoryRoot.Path, TimeSpan.FromSeconds(30)));

        Assert.Contains("Install Node.js", error.Message, StringComparison.Ordinal);
    }

    private static TableClientOptions NoRetry()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        return options;
    }
}
