namespace HftHost.Benchmarks;

/// <summary>
/// Finds the repository (the folder holding HftHost.sln) from where the benchmark runs:
/// BenchmarkDotNet runs each case from a generated project several folders below the
/// bench's own output, so no fixed relative path works from both.
/// </summary>
internal static class RepoRoot
{
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("HFTHOST_ROOT") is { Length: > 0 } configured)
        {
            return configured;
        }
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HftHost.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException(
            $"no HftHost.sln above {AppContext.BaseDirectory}; set HFTHOST_ROOT to the repository");
    }

    /// <summary>A built fixture plugin's folder: artifacts/test-plugins/{name} (version 1) or artifacts/test-plugins-v2/{name}.</summary>
    public static string TestPlugin(string name, int version)
    {
        string set = version == 1 ? "test-plugins" : $"test-plugins-v{version}";
        string folder = Path.Combine(Find(), "artifacts", set, name);
        return File.Exists(Path.Combine(folder, name + ".dll"))
            ? folder
            : throw new InvalidOperationException($"{folder}/{name}.dll is missing: build the solution first (dotnet build HftHost.sln -c Release)");
    }
}
