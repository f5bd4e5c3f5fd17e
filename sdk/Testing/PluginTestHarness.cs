using System.Reflection;
using System.Runtime.ExceptionServices;
using HftHost.Sdk.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HftHost.Sdk.Testing;

/// <summary>
/// Runs one plugin in a unit test with the runtime the host uses: the plugin's
/// <see cref="HftPlugin.Register"/> and <see cref="HftPlugin.Bind"/> run here, then
/// <see cref="Replay"/> reads a pcap or pcapng file, parses each frame with
/// <see cref="FrameParser"/> and offers it to the plugin's decoders through the host's frame
/// dispatcher (queue 0 of 1), with a burst boundary before every 32 frames as the host's poll
/// loop has. Decoder and event-handler exceptions are counted as the host counts them, and
/// quarantine the plugin at the fault limit.
/// The harness owns the plugin: <see cref="Dispose"/> disposes it.
/// Threading: not thread-safe. The thread that calls <see cref="Replay"/> or
/// <see cref="Feed"/> plays the queue's poll thread; use a harness from one thread at a time.
/// </summary>
public sealed class PluginTestHarness : IDisposable
{
    /// <summary>Faults before quarantine unless the test says otherwise: never, so every fault is counted.</summary>
    public const long DefaultMaxFaults = long.MaxValue;

    // The host's burst (HFT_BURST): plugin changes and quarantine sweeps land between bursts.
    private const int BurstSize = 32;
    private const string ObserverName = "HftHost.Sdk.Testing.EventObserver";

    private readonly FrameDispatcher _dispatcher = new(0, new EventBus());
    private readonly PluginInstance _instance;
    private readonly ILogger _logger;
    private readonly List<Action<IPluginRegistry>> _subscriptions = [];
    private readonly List<PluginInstance> _companions = [];
    private PluginInstance? _observer;
    private ExceptionDispatchInfo? _handlerFailure;
    private bool _disposed;

    /// <summary>
    /// Registers and binds <paramref name="plugin"/> as the host would load it on one queue.
    /// </summary>
    /// <param name="plugin">The plugin under test; the harness disposes it.</param>
    /// <param name="settings">The plugin's settings section as flat keys ("Port", "Feed:Group"); null for none.</param>
    /// <param name="feeds">Named feeds <see cref="IPluginBinder.BindFeed"/> may name; null for none.</param>
    /// <param name="logger">What <see cref="IPluginContext.Logger"/> writes to; null discards.</param>
    /// <param name="maxFaults">Faults before the plugin is quarantined (the host's default is 100).</param>
    /// <exception cref="InvalidOperationException">The plugin threw in Register or Bind, or broke their contract; the message says how.</exception>
    public PluginTestHarness(
        HftPlugin plugin, IDictionary<string, string?>? settings = null, IReadOnlyDictionary<string, FeedEndpoint>? feeds = null,
        ILogger? logger = null, long maxFaults = DefaultMaxFaults)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFaults, 1);
        Plugin = plugin;
        _logger = logger ?? NullLogger.Instance;
        AssemblyName assembly = plugin.GetType().Assembly.GetName();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        _instance = Install(
            plugin, assembly.Name ?? plugin.GetType().Name, assembly.Version ?? new Version(0, 0), configuration,
            name => feeds is not null && feeds.TryGetValue(name, out FeedEndpoint endpoint) ? endpoint : null,
            new FaultPolicy(maxFaults));
    }

    /// <summary>The plugin under test.</summary>
    public HftPlugin Plugin { get; }

    /// <summary>
    /// Runs another plugin beside the one under test, on the same queue, after it in dispatch
    /// and subscription order: the decoder that feeds it events (MoldUDP64 before ITCH), or one
    /// that consumes its events (a book behind ITCH). The harness disposes it too.
    /// </summary>
    /// <param name="companion">The other plugin.</param>
    /// <param name="settings">Its settings as flat keys; null for none.</param>
    public void AddPlugin(HftPlugin companion, IDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(companion);
        ObjectDisposedException.ThrowIf(_disposed, this);
        AssemblyName assembly = companion.GetType().Assembly.GetName();
        _companions.Add(Install(
            companion, assembly.Name ?? companion.GetType().Name, assembly.Version ?? new Version(0, 0),
            new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build(), _ => null,
            new FaultPolicy(DefaultMaxFaults)));
    }

    /// <summary>The plugin's bindings as the host reports them ("decoder &lt;- udp 233.54.12.111:26477").</summary>
    public IReadOnlyList<string> Bindings => [.. _instance.Bindings.Select(b => b.ToString())];

    /// <summary>
    /// Replays a capture: every whole packet of <paramref name="path"/> goes through
    /// <see cref="FrameParser.Parse"/> to the plugin. A truncated or corrupt file is not an
    /// exception: the packets before the damage are delivered and
    /// <see cref="ReplayResult.FileError"/> says where it is and what it is.
    /// </summary>
    /// <param name="path">A classic pcap or pcapng file.</param>
    /// <returns>What this replay did.</returns>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public ReplayResult Replay(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Counts before = Snapshot();
        long frames = 0;
        using CaptureReader reader = CaptureReader.Open(path);
        while (reader.TryRead(out CapturedFrame captured))
        {
            if (frames % BurstSize == 0)
            {
                _dispatcher.AtBurstBoundary();
            }
            FrameView frame = FrameParser.Parse(captured.Bytes, captured.TimestampNs, captured.WireLength, 0, 0, captured.IsEthernet);
            _dispatcher.Dispatch(in frame);
            frames++;
        }
        // The poll loop's next turn: a quarantine decided in the last burst is carried out;
        // then the source has ended, as the host tells plugins (OnIdle(drained: true)).
        _dispatcher.AtBurstBoundary();
        _dispatcher.OnIdle(drained: true);
        return Finish(before, frames, reader.Error);
    }

    /// <summary>Offers one hand-made Ethernet frame to the plugin, as a burst of its own.</summary>
    /// <param name="frame">The frame from its Ethernet header on (see <see cref="FrameParser.Parse"/>).</param>
    /// <param name="rxTimestampNs">Its receive time, ns since the Unix epoch.</param>
    /// <returns>What this frame did (<see cref="ReplayResult.FramesRead"/> is 1).</returns>
    public ReplayResult Feed(ReadOnlySpan<byte> frame, long rxTimestampNs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Counts before = Snapshot();
        _dispatcher.AtBurstBoundary();
        FrameView view = FrameParser.Parse(frame, rxTimestampNs, frame.Length, 0, 0);
        _dispatcher.Dispatch(in view);
        _dispatcher.AtBurstBoundary();
        return Finish(before, 1, null);
    }

    /// <summary>
    /// Calls <paramref name="handler"/> with every <typeparamref name="TEvent"/> published on
    /// the plugin's queue from now on, after the plugin's own handlers. An exception from
    /// <paramref name="handler"/> (a failed assertion) is not counted against the plugin: it
    /// is rethrown by the <see cref="Replay"/> or <see cref="Feed"/> during which it happened.
    /// </summary>
    /// <typeparam name="TEvent">The event type the plugin declares with <see cref="IPluginRegistry.AddEvent{TEvent}"/>.</typeparam>
    /// <param name="handler">Receives a copy of each event, on the thread that replays.</param>
    public void Subscribe<TEvent>(Action<TEvent> handler)
        where TEvent : struct
    {
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _subscriptions.Add(registry => registry.Subscribe(new ActionSubscriber<TEvent>(handler)));
        // Subscriptions are fixed when a plugin registers: a new observer with every
        // subscription so far replaces the old one between two bursts, as a reload would.
        PluginInstance observer = Install(
            new EventObserver([.. _subscriptions]), ObserverName, SdkVersion.Current, new ConfigurationBuilder().Build(), _ => null,
            new FaultPolicy(long.MaxValue, (_, exception, _, _) => _handlerFailure ??= ExceptionDispatchInfo.Capture(exception)),
            replacing: _observer);
        _observer?.Dispose();
        _observer = observer;
    }

    /// <summary>What the plugin's <see cref="HftPlugin.ExportState"/> writes now: the state a reload would hand over.</summary>
    /// <returns>The bytes, empty when the plugin writes nothing.</returns>
    public byte[] ExportState()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var state = new MemoryStream();
        Plugin.ExportState(state);
        return state.ToArray();
    }

    /// <summary>Hands <paramref name="state"/> to the plugin's <see cref="HftPlugin.ImportState"/>, as a reload would before the first frame.</summary>
    /// <param name="state">What an <see cref="ExportState"/> returned (of this plugin or an older version).</param>
    public void ImportState(byte[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var source = new MemoryStream(state, writable: false);
        Plugin.ImportState(source);
    }

    /// <summary>Takes the plugin off the dispatcher and disposes it (and its meter).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (PluginInstance? instance in new[] { _observer, _instance }.Concat(_companions))
        {
            if (instance is not null && _dispatcher.Active.Contains(instance))
            {
                _dispatcher.ApplyNow(DispatcherChange.Removing(instance));
            }
        }
        try
        {
            _observer?.Dispose();
            foreach (PluginInstance companion in _companions)
            {
                companion.Dispose();
            }
        }
        finally
        {
            _instance.Dispose();
        }
    }

    // Context, instance, Register and Bind, then onto the dispatcher: the host's LoadVersion for one queue.
    private PluginInstance Install(
        HftPlugin plugin, string name, Version version, IConfiguration settings, Func<string, FeedEndpoint?> feeds,
        FaultPolicy faultPolicy, PluginInstance? replacing = null)
    {
        var context = new PluginContext(name, version, 0, 1, _logger, settings, TimeProvider.System);
        var instance = new PluginInstance(plugin, context, _dispatcher.Bus, feeds, faultPolicy);
        try
        {
            instance.RegisterAndBind([]);
        }
        catch (PluginException ex)
        {
            instance.Dispose();
            throw new InvalidOperationException(ex.Message, ex.InnerException);
        }
        var change = replacing is null ? DispatcherChange.Adding(instance) : DispatcherChange.Replacing(replacing, instance);
        _dispatcher.ApplyNow(change);
        if (change.Error is not null)
        {
            instance.Dispose();
            throw new InvalidOperationException(change.Error);
        }
        return instance;
    }

    private Counts Snapshot() => new(
        _instance.Decoders.ToDictionary(d => d.Decoder.Name, d => d.Frames, StringComparer.Ordinal), _dispatcher.Unclaimed, _instance.Faults);

    private ReplayResult Finish(Counts before, long frames, CaptureError? fileError)
    {
        var result = new ReplayResult(
            frames,
            _instance.Decoders.ToDictionary(d => d.Decoder.Name, d => d.Frames - before.Claimed[d.Decoder.Name], StringComparer.Ordinal),
            _dispatcher.Unclaimed - before.Unclaimed,
            _instance.Faults - before.Faults,
            _instance.LastFault,
            _instance.IsQuarantined,
            fileError);
        ExceptionDispatchInfo? failure = _handlerFailure;
        _handlerFailure = null;
        failure?.Throw();
        return result;
    }

    private sealed record Counts(Dictionary<string, long> Claimed, long Unclaimed, long Faults);
}
