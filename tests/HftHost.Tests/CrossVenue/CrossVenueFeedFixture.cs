using System.Text.Json;
using HftHost.Tests.Support;

namespace HftHost.Tests.CrossVenue;

/// <summary>
/// Feeds from <c>hfthost gen itch</c> for the cross-venue tests, generated once per test class:
/// 4 venues, 40 symbols, 120,000 messages with 12 injected crosses, 4 injected locks and 4
/// duplicated packets, with the ground truth; and the same market without injections
/// (<c>--crosses 0</c>), where no venue may ever lock or cross another.
/// </summary>
public sealed class CrossVenueFeedFixture : IDisposable
{
    public const int Crosses = 12;
    public const int Locks = 4;

    private readonly TempDir _dir = new();

    public CrossVenueFeedFixture()
    {
        Pcap = _dir.File("crosses.pcap");
        string truth = _dir.File("crosses.json");
        Generate(Pcap, truth, "--crosses", $"{Crosses}", "--locks", $"{Locks}", "--duplicates", "4");
        Truth = JsonDocument.Parse(File.ReadAllBytes(truth));
        QuietPcap = _dir.File("quiet.pcap");
        Generate(QuietPcap, _dir.File("quiet.json"), "--crosses", "0");
    }

    public string Pcap { get; }

    /// <summary>The same venues and symbols with cross injection on but none injected.</summary>
    public string QuietPcap { get; }

    public JsonDocument Truth { get; }

    /// <summary>The ground truth's crosses and locks, in order.</summary>
    public IReadOnlyList<ExpectedOpportunity> Expected =>
        [.. Truth.RootElement.GetProperty("crosses").EnumerateArray().Select(ExpectedOpportunity.FromTruth)];

    public void Dispose()
    {
        Truth.Dispose();
        _dir.Dispose();
    }

    private static void Generate(string pcap, string truth, params string[] extra)
    {
        Shell.Result r = Shell.Run(RepoPaths.Host,
        [
            "gen", "itch", "--venues", "4", "--symbols", "40", "--messages", "120000", "--seed", "31",
            "--out", pcap, "--truth", truth, .. extra,
        ]);
        Assert.True(r.ExitCode == 0, r.Stderr);
    }
}
