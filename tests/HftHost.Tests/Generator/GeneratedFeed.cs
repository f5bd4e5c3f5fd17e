using System.Text.Json;
using HftHost.Tests.Support;

namespace HftHost.Tests.Generator;

/// <summary>
/// A feed generated once per test class by the hfthost executable, as users run it:
/// 3 venues, 12 symbols, 30,000 messages, 4 faults of each kind, with the ground truth and
/// the BinaryFILEs.
/// </summary>
public sealed class GeneratedFeed : IDisposable
{
    public const int Venues = 3;
    public const int Symbols = 12;
    public const int Messages = 30_000;
    public const int FaultsOfEachKind = 4;

    private readonly TempDir _dir = new();
    private readonly JsonDocument _truth;
    private readonly Lazy<List<MoldFrame>> _frames;

    public GeneratedFeed()
    {
        PcapPath = _dir.File("feed.pcap");
        TruthPath = _dir.File("feed.json");
        BinaryPrefix = _dir.File("feed");
        Shell.Result r = Run(
            "--venues", $"{Venues}", "--symbols", $"{Symbols}", "--messages", $"{Messages}", "--seed", "20240603",
            "--out", PcapPath, "--truth", TruthPath, "--binaryfile", BinaryPrefix,
            "--gaps", $"{FaultsOfEachKind}", "--duplicates", $"{FaultsOfEachKind}", "--reorder", $"{FaultsOfEachKind}");
        Assert.True(r.ExitCode == 0, $"gen itch exited {r.ExitCode}: {r.Stderr}");
        _truth = JsonDocument.Parse(File.ReadAllBytes(TruthPath));
        _frames = new Lazy<List<MoldFrame>>(() => MoldCapture.Read(PcapPath));
    }

    public string PcapPath { get; }

    public string TruthPath { get; }

    public string BinaryPrefix { get; }

    public JsonElement Truth => _truth.RootElement;

    internal List<MoldFrame> Frames => _frames.Value;

    public IEnumerable<JsonElement> TruthVenues => Truth.GetProperty("venues").EnumerateArray();

    public IEnumerable<JsonElement> TruthFaults => Truth.GetProperty("faults").EnumerateArray();

    public string BinaryFile(string session) => $"{BinaryPrefix}.{session}.itch";

    /// <summary>Runs <c>hfthost gen itch</c> with these arguments.</summary>
    internal static Shell.Result Run(params string[] args) => Shell.Run(RepoPaths.Host, ["gen", "itch", .. args]);

    public void Dispose()
    {
        _truth.Dispose();
        _dir.Dispose();
    }
}
