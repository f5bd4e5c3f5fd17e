using System.Text.Json;
using HftHost.Tests.Support;

namespace HftHost.Tests.MarketData;

/// <summary>
/// One feed from <c>hfthost gen itch</c> for the market-data plugin tests: 3 venues, faults of
/// every kind, the ground truth and each venue's complete feed as BinaryFILE (what a
/// re-request server would hold). Generated once per test class.
/// </summary>
public sealed class GeneratedFeedFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public GeneratedFeedFixture()
    {
        Pcap = _dir.File("feed.pcap");
        string truth = _dir.File("truth.json");
        Shell.Result r = Shell.Run(RepoPaths.Host,
        [
            "gen", "itch", "--venues", "3", "--symbols", "25", "--messages", "150000", "--seed", "5",
            "--gaps", "4", "--duplicates", "4", "--reorder", "4",
            "--out", Pcap, "--truth", truth, "--binaryfile", _dir.File("feed"),
        ]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Truth = JsonDocument.Parse(File.ReadAllBytes(truth));
    }

    public string Pcap { get; }

    public JsonDocument Truth { get; }

    public string BinaryFile(string session) => _dir.File($"feed.{session}.itch");

    public IEnumerable<string> Sessions => Truth.RootElement.GetProperty("venues").EnumerateArray().Select(v => v.GetProperty("session").GetString()!);

    public void Dispose()
    {
        Truth.Dispose();
        _dir.Dispose();
    }
}
