using System.Collections.Concurrent;
using System.Text.Json;

namespace TokenGate.Testing;

/// <summary>
/// A pinned npm package installed into the repository's tool cache (<c>.tools/&lt;name&gt;</c>).
/// Installation happens once, guarded by a cross-process file lock so concurrently running test
/// projects never install the same tool twice.
/// </summary>
public sealed class NpmTool
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<NpmTool>>> Installs = new(StringComparer.Ordinal);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    private NpmTool(string packageName, string version, string directory)
    {
        PackageName = packageName;
        Version = version;
        Directory = directory;
        PackageDirectory = Path.Combine(directory, "node_modules", packageName);
    }

    /// <summary>The npm package name, e.g. <c>azurite</c> or <c>openai</c>.</summary>
    public string PackageName { get; }

    /// <summary>The pinned version.</summary>
    public string Version { get; }

    /// <summary>The install folder (<c>.tools/&lt;name&gt;</c>); run node here to <c>require</c> the package.</summary>
    public string Directory { get; }

    /// <summary>The package's own folder (<c>node_modules/&lt;package&gt;</c>).</summary>
    public string PackageDirectory { get; }

    /// <summary>
    /// Installs <paramref name="packageName"/>@<paramref name="version"/> into <c>.tools/&lt;toolName&gt;</c>
    /// unless that exact version is already there. <paramref name="toolName"/> defaults to the package name
    /// (with <c>@</c> and <c>/</c> of scoped names replaced).
    /// </summary>
    public static Task<NpmTool> EnsureInstalledAsync(string packageName, string version, string? toolName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packageName);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        var name = toolName ?? packageName.TrimStart('@').Replace('/', '-');
        var key = $"{name}|{packageName}@{version}";
        return Installs.GetOrAdd(key, _ => new Lazy<Task<NpmTool>>(() => InstallAsync(packageName, version, name))).Value;
    }

    /// <summary>Absolute path of a file inside the package; throws when it does not exist.</summary>
    public string Resolve(string relativePath)
    {
        var path = Path.GetFullPath(Path.Combine(PackageDirectory, relativePath));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{PackageName}@{Version} has no file {relativePath}.", path);
        }

        return path;
    }

    private static async Task<NpmTool> InstallAsync(string packageName, string version, string name)
    {
        var tools = RepositoryRoot.ToolsDirectory;
        var tool = new NpmTool(packageName, version, Path.Combine(tools, name));
        if (tool.IsInstalled())
        {
            return tool;
        }

        using var fileLock = await AcquireLockAsync(Path.Combine(tools, name + ".lock")).ConfigureAwait(false);
        if (tool.IsInstalled())
        {
            return tool; // another process installed it while we waited
        }

        System.IO.Directory.CreateDirectory(tool.Directory);
        var manifest = Path.Combine(tool.Directory, "package.json");
        if (!File.Exists(manifest))
        {
            await File.WriteAllTextAsync(manifest, "{ \"private\": true }\n").ConfigureAwait(false);
        }

        var (exitCode, output) = await NodeTools.RunAsync(
            "npm",
            ["install", "--no-audit", "--no-fund", "--save-exact", $"{packageName}@{version}"],
            tool.Directory,
            InstallTimeout).ConfigureAwait(false);
        if (exitCode != 0 || !tool.IsInstalled())
        {
            throw new InvalidOperationException(
                $"`npm install {packageName}@{version}` in {tool.Directory} failed (exit code {exitCode}):{Environment.NewLine}{output}");
        }

        return tool;
    }

    private bool IsInstalled()
    {
        var manifest = Path.Combine(PackageDirectory, "package.json");
        if (!File.Exists(manifest))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            return document.RootElement.TryGetProperty("version", out var v) && v.GetString() == Version;
        }
        catch (JsonException)
        {
            return false; // a half-written install: install again
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        var deadline = DateTime.UtcNow + InstallTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another test process holds the lock while it installs; poll until it is done.
                await Task.Delay(250).ConfigureAwait(false);
            }
        }
    }
}
