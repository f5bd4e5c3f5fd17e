using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using HftHost.DataPlane;
using HftHost.Plugins;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Benchmarks;

/// <summary>
/// What the plugin boundary costs per frame: the same counting decoder called directly
/// (baseline), through the queue's <see cref="FrameDispatcher"/> with the decoder in the
/// default load context (route lookup, one virtual call, the dispatcher's counters), and
/// through the dispatcher with the real CountingPlugin loaded by <see cref="PluginManager"/>
/// into its collectible context, as the host runs it. A fourth case splits the difference:
/// the plugin's decoder called straight through its <see cref="FrameDecoder"/> base (the
/// virtual call into plugin code, without the dispatcher's lookup and bookkeeping).
/// Every case parses each frame too,
/// as the poll loop does, so the ratio reads as "a poll loop with plugins against one with
/// the decoder compiled in".
/// One operation = one frame: each invocation handles <see cref="FrameCount"/> frames in
/// bursts of 32, with a burst-boundary call between bursts where the host makes one.
/// </summary>
/// <remarks>
/// Every process sets up all three paths, whichever case it measures, so each case runs
/// beside the same threads (the manager's supervisor) and heap. The frames repeat from one
/// invocation to the next, so after the first every sequence number counts as a repeat:
/// the same predictable branch in every case.
/// </remarks>
[MemoryDiagnoser]
[SuppressMessage("Performance", "CA1515:Consider making public types internal", Justification = "BenchmarkDotNet runs public types only.")]
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "BenchmarkDotNet calls GlobalCleanup, which disposes them.")]
public class PluginDispatchBenchmarks
{
    /// <summary>Frames per invocation (BenchmarkDotNet's OperationsPerInvoke).</summary>
    public const int FrameCount = 1024;

    private const int Burst = 32; // HFT_BURST: what the poll loop takes from the ring at a time
    private const int FeedPort = 30001;
    private const string PluginName = "CountingPlugin";

    private FrameSet _frames = null!;
    private CountingPlugin.CountingDecoder _direct = null!;
    private CountingPlugin.CountState _directState = null!;
    private PluginHandler _sameContext;
    private PluginHandler _pluginContext;
    private FrameDecoder _pluginDecoder = null!;
    private FrameDispatcher _sameContextDispatcher = null!;
    private PluginManager? _manager;
    private string? _shadowRoot;

    [GlobalSetup]
    public void Setup()
    {
        _frames = FrameSet.Build(FrameCount);
        IConfiguration settings = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Port", FeedPort.ToString(System.Globalization.CultureInfo.InvariantCulture))])
            .Build();

        _directState = new CountingPlugin.CountState();
        _direct = new CountingPlugin.CountingDecoder(_directState);

        _sameContextDispatcher = new FrameDispatcher(0, new EventBus());
        var plugin = new CountingPlugin.CountingPlugin();
        var context = new PluginContext("BenchCounting", new Version(1, 0), 0, 1, NullLogger.Instance, settings, TimeProvider.System);
        var instance = new PluginInstance(plugin, context, _sameContextDispatcher.Bus, _ => null, new FaultPolicy(100));
        instance.RegisterAndBind([]);
        _sameContextDispatcher.ApplyNow(DispatcherChange.Adding(instance));
        _sameContext = new PluginHandler(_sameContextDispatcher);

        _shadowRoot = Path.Combine(Path.GetTempPath(), $"hfthost-bench-dispatch-{Environment.ProcessId}");
        _manager = new PluginManager(
            new PluginHostOptions
            {
                Directory = Path.GetDirectoryName(RepoRoot.TestPlugin(PluginName, 1))!,
                Load = [PluginName],
                Watch = false,
                ShadowRoot = _shadowRoot,
                Plugins = new Dictionary<string, PluginEntry> { [PluginName] = new(settings, []) },
            },
            queueCount: 1,
            NullLoggerFactory.Instance);
        _manager.LoadAll();
        BuildChecks.RequireOptimizedPlugins(_manager.Dispatchers[0]);
        _pluginContext = new PluginHandler(_manager.Dispatchers[0]);
        _pluginDecoder = _manager.Dispatchers[0].Active[0].Decoders[0].Decoder;

        CheckEveryPathClaimsEveryFrame();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _manager?.Dispose();
        if (_shadowRoot is not null && Directory.Exists(_shadowRoot))
        {
            Directory.Delete(_shadowRoot, recursive: true);
        }
    }

    /// <summary>Parse, then the decoder called on its sealed type: no virtual call, no lookup, inlinable.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = FrameCount, Description = "direct call (baseline)")]
    public long Direct()
    {
        FrameSet frames = _frames;
        CountingPlugin.CountingDecoder decoder = _direct;
        long consumed = 0;
        for (int start = 0; start < FrameCount; start += Burst)
        {
            for (int i = start; i < start + Burst; i++)
            {
                FrameView frame = Parse(frames, i);
                consumed += decoder.Decode(in frame);
            }
        }
        return consumed;
    }

    /// <summary>Parse, then the dispatcher, with the decoder in the default load context.</summary>
    [Benchmark(OperationsPerInvoke = FrameCount, Description = "dispatcher, decoder in default context")]
    public void DispatcherSameContext() => ThroughDispatcher(_sameContext);

    /// <summary>Parse, then the dispatcher, with the real plugin in its collectible context (the production path).</summary>
    [Benchmark(OperationsPerInvoke = FrameCount, Description = "dispatcher, CountingPlugin in its collectible context")]
    public void DispatcherPluginContext() => ThroughDispatcher(_pluginContext);

    /// <summary>
    /// Parse, then the plugin's decoder through its base class, no dispatcher. The JIT does not
    /// guess a type from a collectible context at a call site in the default one (checked with
    /// DOTNET_JitDisasm), so this stays a real virtual call, as in the dispatcher.
    /// </summary>
    [Benchmark(OperationsPerInvoke = FrameCount, Description = "virtual call to CountingPlugin's decoder, no dispatcher")]
    public long PluginVirtualCall()
    {
        FrameSet frames = _frames;
        FrameDecoder decoder = _pluginDecoder;
        long consumed = 0;
        for (int start = 0; start < FrameCount; start += Burst)
        {
            for (int i = start; i < start + Burst; i++)
            {
                FrameView frame = Parse(frames, i);
                consumed += decoder.Decode(in frame);
            }
        }
        return consumed;
    }

    private void ThroughDispatcher(PluginHandler handler)
    {
        FrameSet frames = _frames;
        for (int start = 0; start < FrameCount; start += Burst)
        {
            handler.OnBurstBoundary();
            for (int i = start; i < start + Burst; i++)
            {
                FrameView frame = Parse(frames, i);
                handler.OnFrame(in frame);
            }
        }
    }

    private static FrameView Parse(FrameSet frames, int i)
    {
        ReadOnlySpan<byte> bytes = frames.Buffer.AsSpan(frames.Offsets[i], frames.Lengths[i]);
        return FrameParser.Parse(bytes, 1_700_000_000_000_000_000L + i, bytes.Length, 0, 0);
    }

    // A benchmark whose frames no decoder claims would measure the wrong path: refuse to run.
    private void CheckEveryPathClaimsEveryFrame()
    {
        Direct();
        DispatcherSameContext();
        DispatcherPluginContext();
        FrameDispatcher plugin = _manager!.Dispatchers[0];
        long claimedByPlugin = plugin.Active.Sum(i => i.FramesClaimed);
        if (_directState.Frames != FrameCount
            || _sameContextDispatcher.Unclaimed != 0 || _sameContextDispatcher.Active.Sum(i => i.FramesClaimed) != FrameCount
            || plugin.Unclaimed != 0 || claimedByPlugin != FrameCount)
        {
            throw new InvalidOperationException(
                $"of {FrameCount} frames: direct counted {_directState.Frames}; default-context dispatcher left " +
                $"{_sameContextDispatcher.Unclaimed} unclaimed; plugin dispatcher left {plugin.Unclaimed} unclaimed, the plugin claimed {claimedByPlugin}");
        }
    }
}
