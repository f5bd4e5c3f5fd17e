using System.Text.Json;
using HftHost.Tests.Support;

namespace HftHost.Tests.Sdk;

/// <summary>
/// HftHost.Sdk and HftHost.Sdk.Testing packed into a temporary NuGet feed, and a way to run
/// the dotnet CLI against it as a third party would: a nuget.config at the temporary root
/// adds the feed to the default sources, and every restore goes to a packages folder of its
/// own, so a stale HftHost.Sdk 1.0.0 in ~/.nuget/packages can never be the one used.
/// Deleted with everything in it when the tests are done.
/// </summary>
public sealed class PackedSdkFeed : IDisposable
{
    private readonly TempDir _dir = new();

    public PackedSdkFeed()
    {
        // A build output of its own: packing must not rewrite artifacts/ under the running tests.
        string artifacts = "-p:ArtifactsPath=" + _dir.File("artifacts");
        Dotnet("pack", Path.Combine(RepoPaths.Root, "sdk", "Testing", "HftHost.Sdk.Testing.csproj"), "-c", "Release", "-o", Feed, artifacts);
        Dotnet("pack", Path.Combine(RepoPaths.Root, "sdk", "HftHost.Sdk.csproj"), "-c", "Release", "--no-build", "-o", Feed, artifacts);
        System.IO.File.WriteAllText(_dir.File("nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="hfthost-packed" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>The temporary root; what is built below it sees the feed.</summary>
    public string Root => _dir.Path;

    public string Feed => _dir.File("feed");

    /// <summary>The packages folder every restore here uses (NUGET_PACKAGES).</summary>
    public string Packages => _dir.File("nuget");

    public string File(string name) => _dir.File(name);

    /// <summary>Runs <c>dotnet</c> with the isolated packages folder and asserts it succeeded; returns what it printed.</summary>
    public string Dotnet(params string[] args)
    {
        Shell.Result r = Shell.Run("dotnet", args, TimeSpan.FromMinutes(3), new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = Packages,
            // No MSBuild node or compiler server may outlive the command: one that inherited
            // the output pipes would keep them open, and the read of the output would hang.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["UseSharedCompilation"] = "false",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        });
        Assert.True(r.ExitCode == 0, $"dotnet {string.Join(' ', args)} exited {r.ExitCode}:\n{r.Stdout}\n{r.Stderr}");
        return r.Stdout;
    }

    /// <summary>The source NuGet restored a package from (it records it beside the package).</summary>
    public string SourceOf(string id, string version)
    {
        string metadata = Path.Combine(Packages, id.ToLowerInvariant(), version, ".nupkg.metadata");
        using JsonDocument json = JsonDocument.Parse(System.IO.File.ReadAllText(metadata));
        return json.RootElement.GetProperty("source").GetString()!;
    }

    public void Dispose() => _dir.Dispose();
}
