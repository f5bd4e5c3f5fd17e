using System.Buffers.Binary;
using HftHost.Itch50;
using HftHost.MoldUdp64;

namespace HftHost.Generator;

/// <summary>
/// Packs one venue's ITCH messages into MoldUDP64 packets, in sequence from 1, and hands
/// each full packet to the <see cref="FaultInjector"/> (which puts it on the wire, or not).
/// Messages are encoded straight into the packet buffer, behind room for the pcap and
/// Ethernet/IPv4/UDP headers, so nothing is copied on the way to the file. The message
/// blocks of a MoldUDP64 packet ([u16 length][message]...) are also NASDAQ's BinaryFILE
/// records, so the venue's BinaryFILE gets each packet's blocks in one write.
/// Threading: one thread.
/// </summary>
internal sealed class MoldPacketizer
{
    /// <summary>Largest message the generator writes (Trade, 'P').</summary>
    public const int MaxMessageLength = Trade.Length;

    private const int BlockPrefix = 2;

    private readonly byte[] _buffer;
    private readonly byte[] _control = new byte[PcapFrameWriter.HeadRoom + MoldUdp64Format.HeaderLength];
    private readonly int _maxPayload;
    private readonly int _maxMessages;
    private readonly Stream? _binaryFile;
    private readonly FaultInjector _injector;
    private int _length = MoldUdp64Format.HeaderLength;
    private int _count;
    private ulong _firstPending = 1;

    /// <param name="venue">Whose session.</param>
    /// <param name="messagesPerPacket">Messages per packet; 0 = as many as fit in <see cref="GeneratorSettings.DefaultMaxPacketBytes"/>.</param>
    /// <param name="binaryFile">Where the venue's BinaryFILE goes, or null.</param>
    /// <param name="injector">Where full packets go.</param>
    public MoldPacketizer(VenueEndpoint venue, int messagesPerPacket, Stream? binaryFile, FaultInjector injector)
    {
        Venue = venue;
        _maxMessages = messagesPerPacket > 0 ? messagesPerPacket : int.MaxValue;
        _maxPayload = messagesPerPacket > 0
            ? MoldUdp64Format.HeaderLength + messagesPerPacket * (BlockPrefix + MaxMessageLength)
            : GeneratorSettings.DefaultMaxPacketBytes;
        _buffer = new byte[PcapFrameWriter.HeadRoom + _maxPayload];
        _binaryFile = binaryFile;
        _injector = injector;
    }

    public VenueEndpoint Venue { get; }

    /// <summary>Sequence number the next message gets.</summary>
    public ulong NextSequence => _firstPending + (ulong)_count;

    /// <summary>Messages so far, sent or pending.</summary>
    public long Messages => (long)NextSequence - 1;

    /// <summary>Packets with messages handed on so far.</summary>
    public long Packets { get; private set; }

    public long Heartbeats { get; private set; }

    /// <summary>Last sequence number of the start-of-day messages (system event, directory):
    /// packets up to it are never faulted.</summary>
    public ulong DirectoryLastSequence { get; set; }

    /// <summary>Set once the end of the feed is being written: those packets are never faulted.</summary>
    public bool Closing { get; set; }

    /// <summary>The buffer packets are built in; a packet's payload starts at <see cref="PcapFrameWriter.HeadRoom"/>.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Room for the next message, <paramref name="length"/> bytes; then <see cref="End"/>.</summary>
    public Span<byte> Begin(int length)
    {
        if (_count > 0 && _length + BlockPrefix + length > _maxPayload)
        {
            Flush();
        }
        int at = PcapFrameWriter.HeadRoom + _length;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(at), (ushort)length);
        return _buffer.AsSpan(at + BlockPrefix, length);
    }

    /// <summary>The message written after <see cref="Begin"/> is complete. The packet goes
    /// out once full, or once the largest message would no longer fit, as a server does
    /// that never holds a message back waiting for one that may not come.</summary>
    public void End(int length)
    {
        _length += BlockPrefix + length;
        _count++;
        if (_count == _maxMessages || _length + BlockPrefix + MaxMessageLength > _maxPayload)
        {
            Flush();
        }
    }

    /// <summary>Sends the pending messages, if any, as a packet.</summary>
    public void Flush() => Flush(duplicateOnly: false);

    /// <summary>Sends the pending messages, if any, as a packet that may be duplicated but never
    /// lost or held back: one whose timing a cross-venue consumer depends on (a change of the top
    /// of book).</summary>
    public void FlushNow() => Flush(duplicateOnly: true);

    private void Flush(bool duplicateOnly)
    {
        if (_count == 0)
        {
            return;
        }
        MoldUdp64Format.WriteHeader(_buffer.AsSpan(PcapFrameWriter.HeadRoom), Venue.Session, _firstPending, (ushort)_count);
        _binaryFile?.Write(_buffer.AsSpan(PcapFrameWriter.HeadRoom + MoldUdp64Format.HeaderLength, _length - MoldUdp64Format.HeaderLength));
        bool faultable = !Closing && _firstPending > DirectoryLastSequence;
        _injector.OnDataPacket(this, _firstPending, _count, _length, faultable, duplicateOnly);
        Packets++;
        _firstPending += (ulong)_count;
        _count = 0;
        _length = MoldUdp64Format.HeaderLength;
    }

    /// <summary>A heartbeat: no messages, the sequence number of the next one to be sent.</summary>
    public void SendHeartbeat()
    {
        MoldUdp64Format.WriteHeader(_control.AsSpan(PcapFrameWriter.HeadRoom), Venue.Session, _firstPending, 0);
        _injector.OnControlPacket(Venue, _control, MoldUdp64Format.HeaderLength);
        Heartbeats++;
    }

    /// <summary>Flushes, then announces the end of the session with the next sequence number.</summary>
    public void SendEndOfSession()
    {
        Flush();
        MoldUdp64Format.WriteHeader(_control.AsSpan(PcapFrameWriter.HeadRoom), Venue.Session, _firstPending, MoldUdp64Format.EndOfSession);
        _injector.OnControlPacket(Venue, _control, MoldUdp64Format.HeaderLength);
    }
}
