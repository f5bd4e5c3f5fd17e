namespace HftHost.Sdk.Runtime;

/// <summary>
/// One plugin instance on one queue, as the runtime drives it: its registrations (the
/// <see cref="IPluginRegistry"/> and <see cref="IPluginBinder"/> it is given), its
/// bindings, and its fault count. Counters are written by the queue's poll thread only.
/// </summary>
internal sealed class PluginInstance : IPluginRegistry, IPluginBinder, IDisposable
{
    private readonly EventBus _bus;
    private readonly Func<string, FeedEndpoint?> _feeds;
    private readonly FaultPolicy _faultPolicy;
    private readonly List<DecoderRegistration> _decoders = [];
    private readonly List<FeedBinding> _bindings = [];
    private readonly List<FilterRegistration> _filters = [];
    private readonly List<object> _subscriptions = [];
    private readonly HashSet<Type> _eventTypes = [];
    private string _phase = "created";
    private long _faults;
    private volatile bool _quarantined;

    public PluginInstance(HftPlugin plugin, PluginContext context, EventBus bus, Func<string, FeedEndpoint?> feeds, FaultPolicy faultPolicy)
    {
        Plugin = plugin;
        PluginContext = context;
        _bus = bus;
        _feeds = feeds;
        _faultPolicy = faultPolicy;
    }

    public HftPlugin Plugin { get; }

    public PluginContext PluginContext { get; }

    public IPluginContext Context => PluginContext;

    public string Name => PluginContext.PluginName;

    public IReadOnlyList<DecoderRegistration> Decoders => _decoders;

    public IReadOnlyList<FeedBinding> Bindings => _bindings;

    /// <summary>The filters this instance registered, asked for every frame of its queue.</summary>
    public IReadOnlyList<FilterRegistration> Filters => _filters;

    public IReadOnlyList<object> Subscriptions => _subscriptions;

    /// <summary>Event types this instance publishes or handles.</summary>
    public IReadOnlyCollection<Type> EventTypes => _eventTypes;

    /// <summary>Faults counted so far (decoders, event handlers).</summary>
    public long Faults => Volatile.Read(ref _faults);

    /// <summary>The last fault, as "site: type: message" (no exception object is kept: it would pin the plugin's code).</summary>
    public string? LastFault { get; private set; }

    /// <summary>Set once the fault limit is reached; the dispatcher removes the instance at the next burst boundary.</summary>
    public bool IsQuarantined => _quarantined;

    public string? QuarantineReason { get; private set; }

    /// <summary>Set by the dispatcher that runs this instance.</summary>
    internal FrameDispatcher? Dispatcher { get; set; }

    /// <summary>Frames claimed by this instance's decoders.</summary>
    public long FramesClaimed => _decoders.Sum(d => Volatile.Read(ref d.Frames));

    /// <summary>Calls <see cref="HftPlugin.Register"/> then <see cref="HftPlugin.Bind"/>, then adds the configured bindings.</summary>
    /// <exception cref="PluginException">The plugin broke the contract or threw; the message says how.</exception>
    public void RegisterAndBind(IReadOnlyList<ConfiguredBinding> configured)
    {
        _phase = "register";
        Invoke(() => Plugin.Register(this), "Register");
        _phase = "bind";
        Invoke(() => Plugin.Bind(this), "Bind");
        foreach (ConfiguredBinding binding in configured)
        {
            FrameDecoder decoder = FindDecoder(binding.DecoderName);
            if (binding.FeedName is { } feed)
            {
                BindFeed(decoder, feed);
            }
            else
            {
                Bind(decoder, binding.Endpoint ?? throw new PluginException($"plugin {Name}: a configured binding has neither an endpoint nor a feed"));
            }
        }
        _phase = "running";
    }

    void IPluginRegistry.AddDecoder(FrameDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        RequirePhase("register", nameof(IPluginRegistry.AddDecoder));
        if (_decoders.Any(d => d.Decoder.Name == decoder.Name))
        {
            throw new PluginException($"plugin {Name} registered two decoders named '{decoder.Name}'");
        }
        _decoders.Add(new DecoderRegistration(decoder, this));
    }

    void IPluginRegistry.AddFilter(FrameFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        RequirePhase("register", nameof(IPluginRegistry.AddFilter));
        if (_filters.Any(f => f.Filter.Name == filter.Name))
        {
            throw new PluginException($"plugin {Name} registered two filters named '{filter.Name}'");
        }
        _filters.Add(new FilterRegistration(filter, this));
    }

    EventPublisher<TEvent> IPluginRegistry.AddEvent<TEvent>()
    {
        RequirePhase("register", nameof(IPluginRegistry.AddEvent));
        _eventTypes.Add(typeof(TEvent));
        return new EventPublisher<TEvent>(_bus.Channel<TEvent>());
    }

    void IPluginRegistry.Subscribe<TEvent>(IEventSubscriber<TEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        RequirePhase("register", nameof(IPluginRegistry.Subscribe));
        _bus.Channel<TEvent>();
        _eventTypes.Add(typeof(TEvent));
        _subscriptions.Add(new EventSubscription<TEvent>(handler, this));
    }

    public void Bind(FrameDecoder decoder, FeedEndpoint endpoint)
    {
        RequirePhase("bind", nameof(Bind));
        _bindings.Add(new FeedBinding(Registration(decoder), endpoint, null));
    }

    public void BindFeed(FrameDecoder decoder, string feedName)
    {
        RequirePhase("bind", nameof(BindFeed));
        ArgumentException.ThrowIfNullOrWhiteSpace(feedName);
        FeedEndpoint endpoint = _feeds(feedName)
            ?? throw new PluginException($"plugin {Name} binds decoder '{decoder.Name}' to feed '{feedName}', which the configuration does not define");
        _bindings.Add(new FeedBinding(Registration(decoder), endpoint, feedName));
    }

    public void BindAll(FrameDecoder decoder)
    {
        RequirePhase("bind", nameof(BindAll));
        _bindings.Add(new FeedBinding(Registration(decoder), null, null));
    }

    /// <summary>Counts a fault of this instance's code; quarantines it at the limit (poll thread).</summary>
    public void RecordFault(Exception exception, string site)
    {
        long faults = Interlocked.Increment(ref _faults);
        LastFault = $"{site}: {exception.GetType().Name}: {exception.Message}";
        _faultPolicy.OnFault(this, exception, site, faults);
        if (faults >= _faultPolicy.MaxFaults && !_quarantined)
        {
            QuarantineReason = $"{faults} faults (limit {_faultPolicy.MaxFaults}); the last: {LastFault}";
            _quarantined = true;
            Dispatcher?.RequestSweep();
        }
    }

    public void Dispose()
    {
        try
        {
            Plugin.Dispose();
        }
        finally
        {
            PluginContext.Dispose();
        }
    }

    private DecoderRegistration Registration(FrameDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        return _decoders.FirstOrDefault(d => ReferenceEquals(d.Decoder, decoder))
            ?? throw new PluginException($"plugin {Name} binds decoder '{decoder.Name}', which it did not register");
    }

    private FrameDecoder FindDecoder(string? name)
    {
        if (name is null)
        {
            return _decoders.Count == 1
                ? _decoders[0].Decoder
                : throw new PluginException(
                    $"plugin {Name} has {_decoders.Count} decoders; a configured binding must name one of: {string.Join(", ", _decoders.Select(d => d.Decoder.Name))}");
        }
        return _decoders.FirstOrDefault(d => d.Decoder.Name == name)?.Decoder
            ?? throw new PluginException(
                $"plugin {Name} has no decoder '{name}' (it has: {string.Join(", ", _decoders.Select(d => d.Decoder.Name))})");
    }

    private void RequirePhase(string phase, string member)
    {
        if (_phase != phase)
        {
            throw new PluginException($"plugin {Name} called {member} during {_phase}; it belongs in {(phase == "register" ? "Register" : "Bind")}");
        }
    }

    private void Invoke(Action call, string what)
    {
        try
        {
            call();
        }
        catch (PluginException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new PluginException($"plugin {Name} threw in {what}: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }
}
