using System.Collections.Concurrent;
using System.Diagnostics;

namespace TokenGate.Testing;

/// <summary>
/// A real Azurite (npm <c>azurite@3.37.0</c>) on free loopback ports outside the ephemeral range, installed into <c>.tools/azurite</c>
/// on first use. Can be stopped and restarted on the same ports to test outages.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>The pinned Azurite version.</summary>
    public const string Version = "3.37.0";

    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key (public, documented by Microsoft).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _script;
    private readonly string? _location;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly CountdownEvent _servicesClosed = new(3);
    private Process? _process;

    private AzuriteServer(string script, int[] ports, string? location)
    {
        _script = script;
        BlobPort = ports[0];
        QueuePort = ports[1];
        TablePort = ports[2];
        _location = location;
    }

    /// <summary>Blob service port on 127.0.0.1.</summary>
    public int BlobPort { get; }

    /// <summary>Queue service port on 127.0.0.1.</summary>
    public int QueuePort { get; }

    /// <summary>Table service port on 127.0.0.1.</summary>
    public int TablePort { get; }

    /// <summary>True when data survives <see cref="Stop"/> and <see cref="RestartAsync"/> (kept in a temporary folder).</summary>
    public bool Persistent => _location is not null;

    /// <summary>True while the Azurite process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Table endpoint URI including the account, for identity-style (endpoint + credential) clients.</summary>
    public Uri TableEndpoint => new($"http://127.0.0.1:{TablePort}/{AccountName}");

    /// <summary>A full connection string with explicit account, key and endpoints for these ports.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>
    /// Installs Azurite if needed and starts it on free ports. <paramref name="persistent"/> = false keeps
    /// data in memory only (fastest; lost on restart); true keeps it on disk in a temporary folder so a
    /// restart brings the same data back.
    /// </summary>
    public static async Task<AzuriteServer> StartAsync(bool persistent = false, CancellationToken cancellationToken = default)
    {
        var tool = await NpmTool.EnsureInstalledAsync("azurite", Version).ConfigureAwait(false);
        var script = tool.Resolve(Path.Combine("dist", "src", "azurite.js"));
        string? location = null;
        if (persistent)
        {
            location = Path.Combine(Path.GetTempPath(), "tokengate-azurite-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(location);
        }

        var server = new AzuriteServer(script, FreePort.NextOutsideEphemeralRange(3), location);
        try
        {
            await server.StartProcessAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return server;
    }

    /// <summary>
    /// Stops Azurite and waits until it has exited; the ports stay the same for <see cref="RestartAsync"/>.
    /// A persistent server is stopped gracefully (SIGTERM, so it saves its data) unless <paramref name="kill"/>
    /// is true; otherwise the process tree is killed at once, like a crash.
    /// </summary>
    public void Stop(bool kill = false)
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                if (!kill && Persistent && Signals.Terminate(process.Id))
                {
                    // On SIGTERM Azurite saves and closes its three services and says so, but node may linger: wait for that, then kill.
                    _servicesClosed.Wait(TimeSpan.FromSeconds(10));
                }

                process.Kill(entireProcessTree: true);

                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Stops Azurite if it runs and starts it again on the same ports.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        Stop();
        await StartProcessAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Stop(kill: true);
        _servicesClosed.Dispose();
        if (_location is not null)
        {
            try
            {
                Directory.Delete(_location, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder left behind is harmless.
            }
        }

        return ValueTask.CompletedTask;
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        List<string> arguments =
        [
            _script,
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--skipApiVersionCheck", "--loose",
        ];
        if (_location is null)
        {
            arguments.AddRange(["--inMemoryPersistence", "--silent"]);
        }
        else
        {
            arguments.AddRange(["--location", _location]);
        }

        _servicesClosed.Reset();
        var process = NodeTools.StartNode(arguments, Path.GetDirectoryName(_script)!);
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        ProcessExitGuard.Track(process);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(StartTimeout);
        while (!await FreePort.IsListeningAsync(TablePort, cts.Token).ConfigureAwait(false))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"Azurite exited with code {process.ExitCode} before listening on {TablePort}:{Environment.NewLine}{string.Join(Environment.NewLine, _output)}");
            }

            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"Azurite did not listen on {TablePort} within {StartTimeout}.");
            }

            // Polling a port that another process opens; there is no event to wait on.
            await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.Contains("successfully closed", StringComparison.Ordinal) && _servicesClosed.CurrentCount > 0)
        {
            _servicesClosed.Signal();
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }
}
