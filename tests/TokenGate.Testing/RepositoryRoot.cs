namespace TokenGate.Testing;

/// <summary>Finds the repository root (the folder holding Functions.sln) from the test's base directory.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> LazyPath = new(Find);

    /// <summary>Absolute path of the repository root.</summary>
    public static string Path => LazyPath.Value;

    /// <summary>The repository's tool cache (<c>.tools</c>, git-ignored), created on demand.</summary>
    public static string ToolsDirectory
    {
        get
        {
            var tools = System.IO.Path.Combine(Path, ".tools");
            Directory.CreateDirectory(tools);
            return tools;
        }
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Could not find the repository root (a folder containing Functions.sln) above {AppContext.BaseDirectory}.");
    }
}
