using System.Text.Json;
using HftHost.Tests.Support;

namespace HftHost.Tests.Analytics;

/// <summary>A generated feed without injected faults (3 venues), with its ground truth.</summary>
public sealed class CleanFeedFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public CleanFeedFixture()
    {
        Pcap = _dir.File("clean.pcap");
        string truth = _dir.File("truth.json");
        Shell.Result r = Shell.Run(RepoPaths.Host,
            ["gen", "itch", "--venues", "3", "--symbols", "25", "--messages", "60000", "--seed", "11", "--out", Pcap, "--truth", truth]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Truth = JsonDocument.Parse(File.ReadAllBytes(truth));
    }

    public string Pcap { get; }

    public JsonDocument Truth { get; }

    public void Dispose()
    {
        Truth.Dispose();
        _dir.Dispose();
    }
}
