using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using HftHost.Audit;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace HftHost.Plugins;

/// <summary>
/// Loads the configured plugins (one collectible context per plugin version, one instance
/// per queue), reloads them while frames flow, quarantines those that fault too often,
/// reports those that block, and proves every unloaded version collected.
/// Threading: public members from control threads (CLI, control channel, folder watcher);
/// they are serialised by one lock. The poll threads only ever see the dispatchers.
/// </summary>
internal sealed class PluginManager : IDisposable
{
    private static readonly IConfiguration EmptySettings = new ConfigurationBuilder().Build();

    private readonly PluginHostOptions _options;
    private readonly ILoggerFactory _logging;
    private readonly ILogger _logger;
    private readonly FrameDispatcher[] _dispatchers;
    private readonly ContractsLoadContext _contracts = new();
    private readonly FaultPolicy _faultPolicy;
    private readonly Lock _lock = new();
    private readonly List<LoadedPlugin> _plugins = [];
    private readonly ConcurrentQueue<PluginInstance> _quarantined = new();
    private readonly ConcurrentDictionary<string, long> _changedAt = new(StringComparer.Ordinal);
    private readonly string _shadowRoot;
    private readonly Thread _supervisor;
    private readonly WatchdogState[] _watchdog;
    private readonly CancellationTokenSource _stopping = new();
    private readonly AuditTrail? _audit;
    private readonly PluginInstance[] _auditors = [];
    private FileSystemWatcher? _watcher;
    private bool _pollThreadsRunning;

    /// <param name="audit">Where loads, reloads, quarantines and feed gaps are recorded, if anywhere.</param>
    public PluginManager(PluginHostOptions options, int queueCount, ILoggerFactory logging, AuditTrail? audit = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCount, 1);
        _options = options;
        _logging = logging;
        _logger = logging.CreateLogger("hfthost.plugins");
        _faultPolicy = new FaultPolicy(options.MaxFaults, OnFault);
        _dispatchers = new FrameDispatcher[queueCount];
        _watchdog = new WatchdogState[queueCount];
        for (int q = 0; q < queueCount; q++)
        {
            _dispatchers[q] = new FrameDispatcher(q, new EventBus()) { Quarantined = instance => _quarantined.Enqueue(instance) };
        }
        _shadowRoot = options.ShadowRoot ?? Path.Combine(Path.GetTempPath(), $"hfthost-plugins-{Environment.ProcessId}");
        _supervisor = new Thread(Supervise) { Name = "hft-plugin-supervisor", IsBackground = true };
        _audit = audit;
        if (audit is not null)
        {
            _auditors = FeedGapAuditor.Attach(_dispatchers, audit, logging); // before any plugin loads (see Attach)
        }
    }

    public IReadOnlyList<FrameDispatcher> Dispatchers => _dispatchers;

    /// <summary>
    /// Loads every configured plugin (or every plugin folder) and starts supervising.
    /// </summary>
    /// <exception cref="PluginException">A plugin cannot be loaded; nothing stays loaded.</exception>
    public void LoadAll()
    {
        if (!Directory.Exists(_options.Directory))
        {
            throw new PluginException($"plugin directory '{_options.Directory}' does not exist");
        }
        RemoveStaleShadowCopies();
        IReadOnlyList<string> names = _options.Load.Count != 0
            ? _options.Load
            : [.. Directory.EnumerateDirectories(_options.Directory)
                .Select(Path.GetFileName)
                .Where(n => n is not null && File.Exists(Path.Combine(_options.Directory, n, n + ".dll")))
                .Order(StringComparer.Ordinal)!];
        foreach (string configured in _options.Plugins.Keys.Where(k => !names.Contains(k)))
        {
            throw new PluginException($"plugin '{configured}' has settings but is not loaded (no {Path.Combine(_options.Directory, configured, configured + ".dll")})");
        }
        lock (_lock)
        {
            try
            {
                foreach (string name in names)
                {
                    if (_plugins.Any(p => p.Name == name))
                    {
                        throw new PluginException($"plugin '{name}' is listed twice");
                    }
                    (PluginAssembly assembly, PluginInstance[] instances) = LoadVersion(name, 1);
                    var plugin = new LoadedPlugin(name, assembly, instances);
                    _plugins.Add(plugin);
                    for (int q = 0; q < _dispatchers.Length; q++)
                    {
                        _dispatchers[q].ApplyNow(DispatcherChange.Adding(instances[q]));
                    }
                    string sdk = assembly.SdkBuiltFor.ToString();
                    string bindings = Describe(instances[0].Bindings);
                    _logger.PluginLoaded(name, assembly.InformationalVersion, 1, sdk, bindings);
                    _audit?.Append(AuditCategory.PluginLoad, $"{name} {assembly.InformationalVersion} generation 1 (SDK {sdk}): {bindings}");
                }
            }
            catch (Exception ex)
            {
                _audit?.Append(AuditCategory.PluginLoadFailed, ex.Message);
                UnloadAll();
                throw;
            }
        }
        if (_options.Watch)
        {
            StartWatching();
        }
        _supervisor.Start();
    }

    /// <summary>
    /// Tells the manager whether poll threads run the dispatchers: while they do, changes
    /// are posted to them and applied between bursts; otherwise they are applied here.
    /// </summary>
    public void SetPollThreadsRunning(bool running)
    {
        lock (_lock)
        {
            _pollThreadsRunning = running;
        }
    }

    /// <summary>
    /// Loads the plugin's folder again as a new version beside the running one, hands the
    /// state across and swaps it in on every queue between bursts, then unloads the old
    /// version and waits (bounded) for its context to be collected.
    /// </summary>
    public ReloadResult Reload(string name)
    {
        lock (_lock)
        {
            LoadedPlugin? plugin = _plugins.FirstOrDefault(p => p.Name == name);
            if (plugin is null)
            {
                return new ReloadResult(false, $"no plugin '{name}' is loaded (loaded: {string.Join(", ", _plugins.Select(p => p.Name))})", TimeSpan.Zero, false);
            }
            PluginAssembly assembly;
            PluginInstance[] instances;
            try
            {
                (assembly, instances) = LoadVersion(name, plugin.Assembly.Generation + 1);
            }
            catch (PluginException ex)
            {
                _logger.PluginReloadFailed(name, ex.Message);
                _audit?.Append(AuditCategory.PluginReloadFailed, ex.Message);
                return new ReloadResult(false, ex.Message, TimeSpan.Zero, false);
            }
            if (plugin.State == "quarantined")
            {
                return Readmit(plugin, assembly, instances);
            }
            PluginAssembly old = plugin.Assembly;
            PluginInstance[] oldInstances = plugin.Instances;
            if (!Swap(oldInstances, instances, out TimeSpan pause, out long stateBytes, out string? error))
            {
                Discard(assembly, instances);
                _logger.PluginReloadFailed(name, error!);
                _audit?.Append(AuditCategory.PluginReloadFailed, $"plugin {name}: {error}");
                return new ReloadResult(false, error!, pause, false);
            }
            plugin.FramesBefore += oldInstances.Sum(i => i.FramesClaimed);
            plugin.FaultsBefore += oldInstances.Sum(i => i.Faults);
            plugin.Assembly = assembly;
            plugin.Instances = instances;
            plugin.Reloads++;
            plugin.LastPause = pause;
            plugin.LastStateBytes = stateBytes;
            _logger.PluginReloaded(name, old.InformationalVersion, old.Generation, assembly.InformationalVersion, assembly.Generation, stateBytes, pause.TotalMicroseconds);
            _audit?.Append(AuditCategory.PluginReload, $"{name} {old.InformationalVersion} (generation {old.Generation}) -> {assembly.InformationalVersion} (generation {assembly.Generation}), {stateBytes} bytes of state");
            if (_audit is not null)
            {
                PluginAuditDrain.Drain(_audit, oldInstances); // what the old version recorded after the last tick
            }
            bool collected = Retire(plugin, old, oldInstances);
            return new ReloadResult(
                true, $"plugin {name}: generation {old.Generation} -> {assembly.Generation} ({assembly.InformationalVersion}), " +
                $"{stateBytes} bytes of state, longest pause {pause.TotalMicroseconds:F0} us, old version {(collected ? "collected" : "NOT collected (leak reported)")}",
                pause, collected);
        }
    }

    // A quarantined plugin's new build starts afresh (the faulty instances are out, so there
    // is no state to hand over) and goes back into dispatch after the running plugins.
    private ReloadResult Readmit(LoadedPlugin plugin, PluginAssembly assembly, PluginInstance[] instances)
    {
        var changes = instances.Select(DispatcherChange.Adding).ToArray();
        bool[] applied = Apply(changes, out string? error);
        if (error is not null)
        {
            // Only a poll thread that never reached a burst boundary gets here: take the
            // new version out of the queues that did add it, and drop it.
            for (int q = 0; q < applied.Length; q++)
            {
                if (applied[q])
                {
                    ApplyOne(_dispatchers[q], DispatcherChange.Removing(instances[q]));
                }
            }
            Discard(assembly, instances);
            _logger.PluginReloadFailed(plugin.Name, error);
            _audit?.Append(AuditCategory.PluginReloadFailed, $"plugin {plugin.Name}: {error}");
            return new ReloadResult(false, error, TimeSpan.Zero, false);
        }
        PluginAssembly old = plugin.Assembly;
        plugin.FramesBefore += plugin.Instances.Sum(i => i.FramesClaimed);
        plugin.FaultsBefore += plugin.Instances.Sum(i => i.Faults);
        bool collected = Retire(plugin, old, plugin.Instances);
        plugin.Assembly = assembly;
        plugin.Instances = instances;
        plugin.State = "running";
        plugin.Detail = null;
        plugin.Reloads++;
        string message = $"plugin {plugin.Name}: quarantined generation {old.Generation} replaced by generation {assembly.Generation} " +
            $"({assembly.InformationalVersion}), started without state; old version {(collected ? "collected" : "NOT collected (leak reported)")}";
        _logger.PluginReadmitted(plugin.Name, message);
        _audit?.Append(AuditCategory.PluginReadmit, message);
        return new ReloadResult(true, message, changes.Max(c => c.Pause), collected);
    }

    /// <summary>
    /// Asks every instance of <paramref name="name"/> (one per queue), on its poll thread,
    /// <see cref="HftPlugin.Query"/>; the answers of several queues are given one per line.
    /// </summary>
    public (bool Ok, string Answer) Query(string name, string request)
    {
        lock (_lock)
        {
            LoadedPlugin? plugin = _plugins.FirstOrDefault(p => p.Name == name);
            if (plugin is null || plugin.State != "running")
            {
                return (false, plugin is null
                    ? $"no plugin '{name}' is loaded (loaded: {string.Join(", ", _plugins.Select(p => p.Name))})"
                    : $"plugin {name} is {plugin.State}");
            }
            var answers = new string?[plugin.Instances.Length];
            var changes = new DispatcherChange[answers.Length];
            for (int q = 0; q < answers.Length; q++)
            {
                int queue = q;
                HftPlugin instance = plugin.Instances[q].Plugin;
                changes[q] = DispatcherChange.Running(() => answers[queue] = instance.Query(request));
            }
            Apply(changes, out string? error);
            if (error is not null)
            {
                return (false, $"plugin {name}: {error}");
            }
            if (answers.All(a => a is null))
            {
                return (false, $"plugin {name} does not understand '{request}'");
            }
            return (true, answers.Length == 1 ? answers[0]! : string.Join(Environment.NewLine, answers.Select((a, q) => $"queue {q}: {a}")));
        }
    }

    /// <summary>A snapshot of every plugin for <c>hfthost plugins list</c> and run reports.</summary>
    public IReadOnlyList<PluginStatus> List()
    {
        lock (_lock)
        {
            return [.. _plugins.Select(p => new PluginStatus
            {
                Name = p.Name,
                Version = p.Assembly.InformationalVersion,
                SdkBuiltFor = p.Assembly.SdkBuiltFor.ToString(),
                State = p.State,
                Detail = p.Detail,
                Generation = p.Assembly.Generation,
                Reloads = p.Reloads,
                Instances = p.Instances.Length,
                FramesClaimed = p.FramesBefore + p.Instances.Sum(i => i.FramesClaimed),
                Faults = p.FaultsBefore + p.Instances.Sum(i => i.Faults),
                LastFault = p.Instances.Select(i => i.LastFault).LastOrDefault(f => f is not null),
                Decoders = [.. p.Instances[0].Decoders.Select(d => d.Decoder.Name)],
                Bindings = [.. p.Instances[0].Bindings.Select(b => b.ToString())],
                Events = [.. p.Instances[0].EventTypes.Select(t => t.Name).Order(StringComparer.Ordinal)],
                LastReloadPauseMicros = p.LastPause.TotalMicroseconds,
                LastReloadStateBytes = p.LastStateBytes,
                LeakedGenerations = [.. p.Leaked],
                BlockedReports = p.BlockedReports,
            })];
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _watcher?.Dispose();
        if (_supervisor.IsAlive)
        {
            _supervisor.Join();
        }
        DrainPluginAudit(); // the last records, before the instances go
        lock (_lock)
        {
            UnloadAll();
        }
        Array.ForEach(_auditors, auditor => auditor.Dispose());
        try
        {
            if (Directory.Exists(_shadowRoot))
            {
                Directory.Delete(_shadowRoot, recursive: true);
            }
        }
        catch (IOException)
        {
            // A shadow copy still in use is removed by the next host (RemoveStaleShadowCopies).
        }
        _stopping.Dispose();
    }

    private (PluginAssembly Assembly, PluginInstance[] Instances) LoadVersion(string name, int generation)
    {
        string source = Path.Combine(_options.Directory, name);
        string shadow = Path.Combine(_shadowRoot, $"{name}.{generation}");
        try
        {
            CopyFolder(source, shadow);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A build still writing the folder, say: this version is refused, the next change retries.
            TryDelete(shadow);
            throw new PluginException($"plugin {name}: cannot copy {source}: {ex.Message}");
        }
        PluginAssembly assembly;
        try
        {
            assembly = PluginAssembly.Load(name, shadow, generation, _contracts);
        }
        catch
        {
            TryDelete(shadow);
            throw;
        }
        PluginEntry? entry = _options.Plugins.GetValueOrDefault(name);
        var instances = new PluginInstance[_dispatchers.Length];
        try
        {
            for (int q = 0; q < instances.Length; q++)
            {
                var context = new PluginContext(
                    name, assembly.Version, q, instances.Length, _logging.CreateLogger("plugin." + name),
                    entry?.Settings ?? EmptySettings, TimeProvider.System);
                var instance = new PluginInstance(assembly.CreateInstance(), context, _dispatchers[q].Bus, ResolveFeed, _faultPolicy);
                instances[q] = instance;
                instance.RegisterAndBind(entry?.Bindings ?? []);
            }
            Precompile(assembly);
            return (assembly, instances);
        }
        catch (PluginException ex)
        {
            Discard(assembly, instances);
            throw new PluginException(ex.Message); // without the inner exception: it would pin the context
        }
    }

    // A new version is new code. Compile all of it here, on the control thread: otherwise
    // the hand-off (ExportState, ImportState and what they call) and the first frames are
    // compiled on the poll thread, inside its pause (about 250 us per method measured;
    // bench/results/plugin_dispatch.json). Code in collectible contexts is not tiered, so
    // this is the code that runs.
    private static void Precompile(PluginAssembly assembly)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (Type type in assembly.PluginType.Assembly.GetTypes())
        {
            if (type.ContainsGenericParameters)
            {
                continue;
            }
            foreach (MethodBase method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                if (!method.IsAbstract && !method.ContainsGenericParameters && method.GetMethodBody() is not null)
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                }
            }
        }
    }

    private FeedEndpoint? ResolveFeed(string feed) =>
        _options.Feeds.TryGetValue(feed, out FeedEndpoint endpoint) ? endpoint : null;

    // Posts the replacement to every queue and waits; if one queue refuses or never reaches
    // a burst boundary, the queues that did swap are swapped back (state and all).
    private bool Swap(PluginInstance[] oldInstances, PluginInstance[] newInstances, out TimeSpan pause, out long stateBytes, out string? error)
    {
        var changes = new DispatcherChange[_dispatchers.Length];
        for (int q = 0; q < changes.Length; q++)
        {
            changes[q] = DispatcherChange.Replacing(oldInstances[q], newInstances[q]);
        }
        bool[] applied = Apply(changes, out error);
        pause = changes.Max(c => c.Pause);
        stateBytes = changes.Sum(c => c.StateBytes);
        if (error is null)
        {
            return true;
        }
        var back = new List<DispatcherChange>();
        for (int q = 0; q < changes.Length; q++)
        {
            back.Add(applied[q] ? DispatcherChange.Replacing(newInstances[q], oldInstances[q]) : DispatcherChange.Adding(oldInstances[q]));
        }
        // Queues that never swapped still run the old instance: nothing to undo there.
        DispatcherChange[] undo = [.. back.Where((c, q) => applied[q])];
        int[] undoQueues = [.. Enumerable.Range(0, changes.Length).Where(q => applied[q])];
        for (int i = 0; i < undo.Length; i++)
        {
            ApplyOne(_dispatchers[undoQueues[i]], undo[i]);
        }
        return false;
    }

    private bool[] Apply(DispatcherChange[] changes, out string? error)
    {
        error = null;
        var applied = new bool[changes.Length];
        for (int q = 0; q < changes.Length; q++)
        {
            if (!_pollThreadsRunning)
            {
                _dispatchers[q].ApplyNow(changes[q]);
            }
            else
            {
                _dispatchers[q].Post(changes[q]);
            }
        }
        for (int q = 0; q < changes.Length; q++)
        {
            Task<bool> done = changes[q].Completion.Task;
            if (!done.Wait(_options.SwapTimeout) && _dispatchers[q].TryRetract(changes[q]))
            {
                error ??= $"the poll thread of queue {q} did not reach a burst boundary within {_options.SwapTimeout.TotalSeconds:F0} s (a plugin blocking it?)";
                continue;
            }
            done.Wait(); // taken by the poll thread: it finishes
            applied[q] = done.Result;
            if (!done.Result)
            {
                error ??= changes[q].Error;
            }
        }
        return applied;
    }

    private void ApplyOne(FrameDispatcher dispatcher, DispatcherChange change)
    {
        if (!_pollThreadsRunning)
        {
            dispatcher.ApplyNow(change);
            return;
        }
        dispatcher.Post(change);
        if (!change.Completion.Task.Wait(_options.SwapTimeout) && dispatcher.TryRetract(change))
        {
            _logger.PluginReloadFailed(change.Add?.Name ?? "?", $"queue {dispatcher.Queue} could not be switched back in time");
        }
    }

    // Disposes the old instances, unloads their context and waits for it to be collected.
    private bool Retire(LoadedPlugin plugin, PluginAssembly old, PluginInstance[] instances)
    {
        string folder = old.Folder;
        int generation = old.Generation;
        WeakReference alive = Detach(old, instances);
        bool collected = WaitCollected(alive, _options.CollectTimeout);
        if (collected)
        {
            TryDelete(folder);
        }
        else
        {
            plugin.Leaked.Add(generation);
            _logger.PluginLeaked(plugin.Name, generation, _options.CollectTimeout.TotalSeconds);
        }
        return collected;
    }

    // Everything that touches the old version's objects happens in this frame, which is gone
    // before the caller waits for the collection: a local left in the waiting frame (a
    // foreach variable, say) would keep the context alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference Detach(PluginAssembly old, PluginInstance?[] instances)
    {
        for (int q = 0; q < instances.Length; q++)
        {
            if (instances[q] is { } instance && instance.Dispatcher is { } dispatcher)
            {
                // Still running (host shutting down, or a quarantine): taken out first.
                ApplyOne(dispatcher, DispatcherChange.Removing(instance));
            }
            if (instances[q] is { } disposed)
            {
                DisposeQuietly(disposed);
            }
        }
        foreach (FrameDispatcher dispatcher in _dispatchers)
        {
            dispatcher.Bus.Forget(old.Context);
        }
        Array.Clear(instances);
        return old.Unload();
    }

    /// <summary>Collects until the context is gone or the timeout; true when collected.</summary>
    internal static bool WaitCollected(WeakReference alive, TimeSpan timeout)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        for (int i = 0; alive.IsAlive; i++)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            if (i > 2 && alive.IsAlive)
            {
                Thread.Sleep(10); // a finalizer thread or a timer may still be letting go
            }
        }
        return true;
    }

    private void Discard(PluginAssembly assembly, PluginInstance?[] instances)
    {
        string folder = assembly.Folder;
        if (WaitCollected(Detach(assembly, instances), _options.CollectTimeout))
        {
            TryDelete(folder);
        }
    }

    private void DisposeQuietly(PluginInstance instance)
    {
        try
        {
            instance.Dispose();
        }
        catch (Exception ex)
        {
            _logger.PluginFault(ex, instance.Name, instance.Context.Queue, "Dispose", instance.Faults);
        }
    }

    private void UnloadAll()
    {
        foreach (LoadedPlugin plugin in _plugins)
        {
            Retire(plugin, plugin.Assembly, plugin.Instances);
        }
        _plugins.Clear();
    }

    private void OnFault(PluginInstance instance, Exception exception, string site, long faults)
    {
        if (faults <= 10 || faults == _options.MaxFaults)
        {
            _logger.PluginFault(exception, instance.Name, instance.Context.Queue, site, faults);
        }
    }

    // The supervisor: quarantines, the blocking watchdog, debounced reloads of changed folders.
    private void Supervise()
    {
        TimeSpan tick = TimeSpan.FromMilliseconds(Math.Clamp(_options.Budget.TotalMilliseconds / 4, 5, 50));
        while (!_stopping.Token.WaitHandle.WaitOne(tick))
        {
            try
            {
                SuperviseOnce();
            }
            catch (Exception ex)
            {
                // The supervisor must outlive anything one round meets: log it and go on.
                _logger.SupervisorFailed(ex);
            }
        }
    }

    private void SuperviseOnce()
    {
        while (_quarantined.TryDequeue(out PluginInstance? instance))
        {
            Quarantine(instance);
        }
        Watch();
        DrainPluginAudit();
        if (_changedAt.IsEmpty)
        {
            return; // enumerating would allocate an enumerator every tick
        }
        foreach ((string name, long at) in _changedAt)
        {
            if (Stopwatch.GetElapsedTime(at) >= TimeSpan.FromMilliseconds(500) && _changedAt.TryRemove(new KeyValuePair<string, long>(name, at)))
            {
                Reload(name);
            }
        }
    }

    // Plugins' audit records (IPluginContext.Audit) into the trail, on this thread.
    private void DrainPluginAudit()
    {
        if (_audit is null)
        {
            return;
        }
        lock (_lock)
        {
            foreach (LoadedPlugin plugin in _plugins) // List<T>'s struct enumerator: nothing allocated per tick
            {
                PluginAuditDrain.Drain(_audit, plugin.Instances);
            }
        }
    }

    private void Quarantine(PluginInstance instance)
    {
        lock (_lock)
        {
            LoadedPlugin? plugin = _plugins.FirstOrDefault(p => p.Instances.Contains(instance));
            if (plugin is null || plugin.State != "running")
            {
                return;
            }
            _logger.PluginQuarantined(plugin.Name, instance.Context.Queue, instance.QuarantineReason ?? "fault limit");
            _audit?.Append(AuditCategory.PluginQuarantine, $"{plugin.Name} {plugin.Assembly.InformationalVersion} (generation {plugin.Assembly.Generation}, queue {instance.Context.Queue}): {instance.QuarantineReason ?? "fault limit"}");
            plugin.State = "quarantined";
            plugin.Detail = instance.QuarantineReason;
            // Every queue's instance goes: a plugin is one unit to its users.
            for (int q = 0; q < _dispatchers.Length; q++)
            {
                if (_dispatchers[q].Active.Contains(plugin.Instances[q]))
                {
                    ApplyOne(_dispatchers[q], DispatcherChange.Removing(plugin.Instances[q]));
                }
            }
        }
    }

    // Runs every tick: allocates nothing unless it has something to report (the lookups of
    // the blocking decoder's name live in their own methods, so no closure is made per tick).
    private void Watch()
    {
        long now = Stopwatch.GetTimestamp();
        for (int q = 0; q < _dispatchers.Length; q++)
        {
            FrameDispatcher dispatcher = _dispatchers[q];
            int busy = dispatcher.BusyDecoder;
            long frames = dispatcher.Frames;
            ref WatchdogState state = ref _watchdog[q];
            if (busy != 0 && busy == state.Decoder && frames == state.Frames)
            {
                if (!state.Reported && Stopwatch.GetElapsedTime(state.Since, now) >= _options.Budget)
                {
                    state.Reported = true;
                    ReportBlocking(dispatcher, busy, q);
                }
                continue;
            }
            if (state.Reported)
            {
                ReportUnblocked(dispatcher, state.Decoder, q, Stopwatch.GetElapsedTime(state.Since, now).TotalMilliseconds);
            }
            state = new WatchdogState { Decoder = busy, Frames = frames, Since = now };
        }
    }

    private void ReportBlocking(FrameDispatcher dispatcher, int decoderId, int queue)
    {
        DecoderRegistration? decoder = FindDecoder(dispatcher, decoderId);
        string plugin = decoder?.Owner.Name ?? "?";
        string site = decoder?.Site ?? "a decoder";
        double budgetMs = _options.Budget.TotalMilliseconds;
        _logger.PluginBlocking(plugin, site, queue, budgetMs);
        lock (_lock)
        {
            if (_plugins.FirstOrDefault(p => p.Name == plugin) is { } loaded)
            {
                loaded.BlockedReports++;
            }
        }
    }

    private void ReportUnblocked(FrameDispatcher dispatcher, int decoderId, int queue, double blockedMs)
    {
        string plugin = FindDecoder(dispatcher, decoderId)?.Owner.Name ?? "?";
        _logger.PluginUnblocked(plugin, queue, blockedMs);
    }

    private static DecoderRegistration? FindDecoder(FrameDispatcher dispatcher, int decoderId) =>
        dispatcher.Active.SelectMany(i => i.Decoders).FirstOrDefault(d => d.Id == decoderId);

    private void StartWatching()
    {
        _watcher = new FileSystemWatcher(_options.Directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName,
        };
        FileSystemEventHandler changed = (_, e) => OnFolderChanged(e.FullPath);
        _watcher.Changed += changed;
        _watcher.Created += changed;
        _watcher.Renamed += (_, e) => OnFolderChanged(e.FullPath);
        _watcher.EnableRaisingEvents = true;
    }

    // Debounced: a build writes several files; the reload waits for 500 ms of quiet.
    private void OnFolderChanged(string path)
    {
        string relative = Path.GetRelativePath(_options.Directory, path);
        string name = relative.Split(Path.DirectorySeparatorChar)[0];
        lock (_lock)
        {
            if (!_plugins.Any(p => p.Name == name))
            {
                return;
            }
        }
        if (!_changedAt.ContainsKey(name))
        {
            string folder = Path.Combine(_options.Directory, name);
            _logger.PluginChanged(name, folder);
        }
        _changedAt[name] = Stopwatch.GetTimestamp();
    }

    private void RemoveStaleShadowCopies()
    {
        string parent = Path.GetDirectoryName(_shadowRoot)!;
        if (_options.ShadowRoot is not null || !Directory.Exists(parent))
        {
            return;
        }
        foreach (string dir in Directory.EnumerateDirectories(parent, "hfthost-plugins-*"))
        {
            if (int.TryParse(Path.GetFileName(dir)["hfthost-plugins-".Length..], out int pid) && !Directory.Exists($"/proc/{pid}"))
            {
                TryDelete(dir);
            }
        }
    }

    private static void CopyFolder(string source, string destination)
    {
        if (!Directory.Exists(source))
        {
            throw new PluginException($"plugin {Path.GetFileName(source)}: no folder {source} (a plugin lives at <plugins>/{Path.GetFileName(source)}/{Path.GetFileName(source)}.dll)");
        }
        TryDelete(destination);
        foreach (string dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, dir)));
        }
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)), overwrite: true);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Describe(IReadOnlyList<FeedBinding> bindings) =>
        bindings.Count == 0 ? "no bindings" : string.Join("; ", bindings.Select(b => b.ToString()));

    private struct WatchdogState
    {
        public int Decoder;
        public long Frames;
        public long Since;
        public bool Reported;
    }

    private sealed class LoadedPlugin(string name, PluginAssembly assembly, PluginInstance[] instances)
    {
        public string Name { get; } = name;

        public PluginAssembly Assembly { get; set; } = assembly;

        public PluginInstance[] Instances { get; set; } = instances;

        public string State { get; set; } = "running";

        public string? Detail { get; set; }

        public int Reloads { get; set; }

        public long FramesBefore { get; set; }

        public long FaultsBefore { get; set; }

        public TimeSpan LastPause { get; set; }

        public long LastStateBytes { get; set; }

        public List<int> Leaked { get; } = [];

        public int BlockedReports { get; set; }
    }
}
