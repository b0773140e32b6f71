using Xunit;

namespace TokenGate.Testing;

/// <summary>
/// xunit fixture: one Azurite per test collection, in-memory, on free loopback ports.
/// Declare the collection in your test assembly (xunit requires it there):
/// <code>[CollectionDefinition(AzuriteFixture.Collection)] public sealed class AzuriteCollection : ICollectionFixture&lt;AzuriteFixture&gt;;</code>
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Conventional collection name for tests that share one Azurite.</summary>
    public const string Collection = "Azurite";

    private AzuriteServer? _server;

    /// <summary>The running server.</summary>
    public AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite has not been started.");

    /// <summary>Connection string for the running server (explicit account, key and endpoints).</summary>
    public string ConnectionString => Server.ConnectionString;

    /// <summary>Table endpoint including the account name.</summary>
    public Uri TableEndpoint => Server.TableEndpoint;

    /// <summary>Kills Azurite; the ports stay the same for <see cref="RestartAsync"/>.</summary>
    public void Stop() => Server.Stop();

    /// <summary>Starts Azurite again on the same ports (data is lost: this fixture is in-memory).</summary>
    public Task RestartAsync() => Server.RestartAsync();

    /// <inheritdoc />
    public async Task InitializeAsync() => _server = await AzuriteServer.StartAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
