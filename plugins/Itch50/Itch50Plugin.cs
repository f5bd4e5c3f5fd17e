using System.Diagnostics.Metrics;
using HftHost.Itch50;
using HftHost.MoldUdp64;
using HftHost.Plugins.Itch50;
using HftHost.Sdk;

[assembly: HftPlugin(typeof(Itch50Plugin))]

namespace HftHost.Plugins.Itch50;

/// <summary>
/// The NASDAQ TotalView-ITCH 5.0 decoder. It binds to no traffic: it handles the MoldUDP64
/// plugin's <see cref="MoldMessageRun"/> events (a packet's messages in sequence, no gaps or
/// repeats: one delivery a packet). Each message is counted by type; while some plugin
/// subscribes to a typed event, each is also decoded with <see cref="ItchParser"/> and
/// published as <see cref="ItchEvent{TMessage}"/> of its type (<c>ItchEvent&lt;AddOrder&gt;</c>,
/// ...) with the session, sequence number and receive time, only for the types subscribed to.
/// Then the run is passed on whole as <see cref="ItchMessageRun"/>, for subscribers that decode
/// it into their own struct visitor (the order book).
/// Messages are counted per type, and short messages and unknown types are counted, never
/// thrown; the counts are observable instruments on the plugin's meter
/// (<c>itch50.messages</c> tagged with the type, <c>itch50.short</c>,
/// <c>itch50.unknown_type</c>) and part of the state a reload hands over.
/// Threading: as every plugin, one instance per queue; <see cref="OnEvent"/> runs on its
/// poll thread; the count accessors may be read from any thread (values as of a recent message).
/// </summary>
public sealed class Itch50Plugin : HftPlugin, IEventSubscriber<MoldMessageRun>
{
    private const int StateVersion = 1;

    // One tag per type ("type" = "A"), built once.
    private static readonly KeyValuePair<string, object?>[][] TypeTags = BuildTypeTags();

    // By type byte: the type's length (ITCH 5.0), 0 for a type it does not define.
    private static readonly byte[] Lengths = BuildLengths();

    // Indexed by the type byte: one increment per message, no lookup.
    private readonly long[] _messages = new long[256];
    private ItchPublishers? _publishers;
    private long _short;
    private long _unknownType;

    /// <summary>Messages decoded so far, all types.</summary>
    public long Decoded
    {
        get
        {
            long total = 0;
            foreach (ItchMessageType type in ItchMessageTypes.All)
            {
                total += Volatile.Read(ref _messages[(byte)type]);
            }
            return total;
        }
    }

    /// <summary>Messages shorter than their type's length (empty ones included).</summary>
    public long ShortMessages => Volatile.Read(ref _short);

    /// <summary>Messages whose type byte ITCH 5.0 does not define.</summary>
    public long UnknownTypes => Volatile.Read(ref _unknownType);

    /// <summary>Messages of <paramref name="type"/> decoded so far.</summary>
    /// <param name="type">A message type.</param>
    public long DecodedOf(ItchMessageType type) => Volatile.Read(ref _messages[(byte)type]);

    /// <summary>Subscribes to MoldUDP64 messages, declares every ITCH event type and the counters.</summary>
    /// <param name="registry">Valid during the call.</param>
    public override void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Subscribe<MoldMessageRun>(this);
        _publishers = new ItchPublishers(registry);
        Meter meter = registry.Context.Meter;
        meter.CreateObservableCounter("itch50.messages", MeasureByType, "{message}", "ITCH 5.0 messages decoded, by type");
        meter.CreateObservableCounter("itch50.short", () => ShortMessages, "{message}", "ITCH messages shorter than their type's length");
        meter.CreateObservableCounter("itch50.unknown_type", () => UnknownTypes, "{message}", "ITCH messages of a type ITCH 5.0 does not define");
    }

    /// <summary>
    /// Counts a packet's run of MoldUDP64 messages by type, publishes each as its typed event
    /// when some plugin subscribes to typed events, then passes the run on whole
    /// (<see cref="ItchMessageRun"/>) to its subscribers. Bad input is counted. Never throws.
    /// </summary>
    /// <param name="run">The messages, in sequence; their bytes are valid during the call only.</param>
    public void OnEvent(in MoldMessageRun run)
    {
        ItchPublishers publishers = _publishers!;
        if (publishers.AnyTypedSubscribers())
        {
            foreach (MoldMessage message in run)
            {
                Decode(publishers, in message);
            }
        }
        else
        {
            // Nobody wants the decoded structs: checking each message's type and length is
            // all the counts need (what the parser would check), one table load a message.
            foreach (MoldMessage message in run)
            {
                Count(message.Payload);
            }
        }
        if (publishers.Runs.HasSubscribers)
        {
            publishers.Runs.Publish(new ItchMessageRun(run));
        }
    }

    /// <summary>Decodes one MoldUDP64 message and publishes it; bad input is counted. Never throws.</summary>
    /// <param name="message">The message; its payload is valid during the call only.</param>
    public void Decode(in MoldMessage message) => Decode(_publishers!, in message);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void Count(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            _short++;
            return;
        }
        int length = Lengths[payload[0]];
        if (length == 0)
        {
            _unknownType++;
        }
        else if (payload.Length < length)
        {
            _short++;
        }
        else
        {
            _messages[payload[0]]++;
        }
    }

    private void Decode(ItchPublishers publishers, in MoldMessage message)
    {
        ReadOnlySpan<byte> payload = message.Payload;
        var visitor = new PublishingVisitor(publishers, message.Session, message.Sequence, message.RxTimestampNs);
        switch (ItchParser.Parse(payload, ref visitor))
        {
            case ItchParseResult.Ok:
                _messages[payload[0]]++;
                break;
            case ItchParseResult.Short:
                _short++;
                break;
            default:
                _unknownType++;
                break;
        }
    }

    /// <summary>Writes the counts, so a new build carries on from them.</summary>
    /// <param name="destination">The host's in-memory stream.</param>
    public override void ExportState(Stream destination)
    {
        using BinaryWriter writer = PluginState.CreateWriter(destination, StateVersion);
        writer.Write(_short);
        writer.Write(_unknownType);
        // By type byte: a later build that knows more types reads these the same way.
        ReadOnlySpan<ItchMessageType> types = ItchMessageTypes.All;
        writer.Write(types.Length);
        foreach (ItchMessageType type in types)
        {
            writer.Write((byte)type);
            writer.Write(_messages[(byte)type]);
        }
    }

    /// <summary>Reads what <see cref="ExportState"/> of the previous build wrote.</summary>
    /// <param name="source">The previous build's state; empty when it wrote none.</param>
    /// <exception cref="InvalidDataException">A state version this build does not read (the old build keeps running).</exception>
    public override void ImportState(Stream source)
    {
        using BinaryReader? reader = PluginState.OpenReader(source, StateVersion, "Itch50");
        if (reader is null)
        {
            return;
        }
        _short = reader.ReadInt64();
        _unknownType = reader.ReadInt64();
        int types = reader.ReadInt32();
        for (int i = 0; i < types; i++)
        {
            byte type = reader.ReadByte();
            _messages[type] = reader.ReadInt64();
        }
    }

    // Runs on a thread that collects metrics (listeners may collect at once: a fresh array each time).
    private Measurement<long>[] MeasureByType()
    {
        ReadOnlySpan<ItchMessageType> types = ItchMessageTypes.All;
        var measurements = new Measurement<long>[types.Length];
        for (int i = 0; i < types.Length; i++)
        {
            measurements[i] = new Measurement<long>(DecodedOf(types[i]), TypeTags[i]);
        }
        return measurements;
    }

    private static byte[] BuildLengths()
    {
        var lengths = new byte[256];
        for (int type = 0; type < lengths.Length; type++)
        {
            lengths[type] = checked((byte)ItchMessageTypes.LengthOf((byte)type));
        }
        return lengths;
    }

    private static KeyValuePair<string, object?>[][] BuildTypeTags()
    {
        ReadOnlySpan<ItchMessageType> types = ItchMessageTypes.All;
        var tags = new KeyValuePair<string, object?>[types.Length][];
        for (int i = 0; i < types.Length; i++)
        {
            tags[i] = [new("type", ((char)(byte)types[i]).ToString())];
        }
        return tags;
    }
}
