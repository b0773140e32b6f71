namespace TokenGate.Cli.Commands;

/// <summary>Finds data/ and models/ by walking up from the working directory to the repository root.</summary>
internal static class RepositoryPaths
{
    public static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")) || Directory.Exists(Path.Combine(dir.FullName, "data", "prompt-injection")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
