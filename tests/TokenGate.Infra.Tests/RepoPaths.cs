using System.Reflection;

namespace TokenGate.Infra.Tests;

/// <summary>Where the repository and the Bicep CLI are, as recorded by the build.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string Policies => Path.Combine(Infra, "policies");

    public static string Metadata(string key) =>
        typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is empty.");

    private static string FindRoot()
    {
        var recorded = Metadata("RepoRoot");
        if (File.Exists(Path.Combine(recorded, "infra", "main.bicep")))
        {
            return Path.GetFullPath(recorded);
        }

        // The checkout moved after the build: walk up from the test binaries instead.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "infra", "main.bicep")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (infra/main.bicep).");
    }
}
