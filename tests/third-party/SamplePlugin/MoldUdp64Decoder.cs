using System.Buffers.Binary;
using System.Diagnostics.Metrics;
using HftHost.Sdk;
using Microsoft.Extensions.Logging;

namespace SamplePlugin;

/// <summary>
/// Decodes MoldUDP64 downstream packets (NASDAQ's framing for ITCH over UDP multicast):
/// a 20-byte header (session name, sequence number of the first message, message count;
/// 0 = heartbeat, 0xFFFF = end of session) then one [u16 length][message] block per
/// message. Counts packets, messages, sequence gaps and message types per session.
/// Allocates only when a new session appears.
/// </summary>
internal sealed class MoldUdp64Decoder : FrameDecoder
{
    private const int HeaderLength = 20;
    private const ushort EndOfSessionCount = 0xFFFF;

    private static readonly Action<ILogger, string, ulong, Exception?> SessionEnded =
        LoggerMessage.Define<string, ulong>(LogLevel.Information, new EventId(1, "SessionEnded"), "MoldUDP64 session '{Session}' ended; next sequence {Sequence}");

    private readonly Dictionary<SessionKey, SessionStats> _sessions;
    private readonly Counter<long> _messages;
    private readonly ILogger _logger;

    public MoldUdp64Decoder(Dictionary<SessionKey, SessionStats> sessions, IPluginContext context)
        : base("moldudp64")
    {
        _sessions = sessions;
        _messages = context.Meter.CreateCounter<long>("moldudp64.messages", description: "MoldUDP64 messages decoded");
        _logger = context.Logger;
    }

    public override int Decode(in FrameView frame)
    {
        ReadOnlySpan<byte> payload = frame.Payload;
        if (payload.Length < HeaderLength)
        {
            return 0; // not MoldUDP64: let another decoder have it
        }
        var key = SessionKey.Read(payload);
        if (!_sessions.TryGetValue(key, out SessionStats? session))
        {
            session = new SessionStats();
            _sessions.Add(key, session);
        }
        ulong sequence = BinaryPrimitives.ReadUInt64BigEndian(payload[10..]);
        ushort count = BinaryPrimitives.ReadUInt16BigEndian(payload[18..]);
        if (session.Packets++ == 0)
        {
            // The first packet seen is the baseline: joining a session late is not a gap.
            session.FirstSequence = sequence;
            session.NextSequence = sequence;
        }
        if (sequence > session.NextSequence)
        {
            session.Gaps += (long)(sequence - session.NextSequence);
        }
        if (count == EndOfSessionCount)
        {
            session.EndOfSession++;
            session.NextSequence = Math.Max(session.NextSequence, sequence);
            SessionEnded(_logger, key.ToString(), sequence, null);
            return payload.Length;
        }
        if (count == 0)
        {
            session.Heartbeats++;
            session.NextSequence = Math.Max(session.NextSequence, sequence);
            return payload.Length;
        }
        session.DataPackets++;
        if (sequence + count <= session.NextSequence)
        {
            session.Duplicates++;
            return payload.Length;
        }
        ReadOnlySpan<byte> blocks = payload[HeaderLength..];
        for (int i = 0; i < count; i++)
        {
            if (blocks.Length < 2 || blocks.Length < 2 + BinaryPrimitives.ReadUInt16BigEndian(blocks))
            {
                session.Malformed++;
                break;
            }
            int length = BinaryPrimitives.ReadUInt16BigEndian(blocks);
            if (length > 0)
            {
                session.MessageTypes[blocks[2]]++;
            }
            session.Messages++;
            session.MessageBytes += length;
            blocks = blocks[(2 + length)..];
        }
        _messages.Add(count);
        session.NextSequence = Math.Max(session.NextSequence, sequence + count);
        return payload.Length;
    }
}
