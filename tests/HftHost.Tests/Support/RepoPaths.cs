namespace HftHost.Tests.Support;

/// <summary>Where the repository, the shared data and the built host are, from the test binary's location.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/data beside the clone (CI and developers have it there).</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    public static string IexExample => Path.Combine(SharedData, "iex-tops16", "example1.pcapng");

    public static string TestData => Path.Combine(Root, "tests", "data");

    /// <summary>
    /// The hfthost executable built beside the tests (same configuration as the test run),
    /// for tests that run it as users do.
    /// </summary>
    public static string Host { get; } = Path.Combine(AppContext.BaseDirectory, "hfthost");

    private static string FindRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "HftHost.sln")))
            {
                return dir;
            }
        }
        throw new InvalidOperationException($"no HftHost.sln above {AppContext.BaseDirectory}");
    }
}
