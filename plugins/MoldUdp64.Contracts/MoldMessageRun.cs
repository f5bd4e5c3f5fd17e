using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace HftHost.MoldUdp64;

/// <summary>
/// The messages of one MoldUDP64 packet that are next in their session's sequence, delivered
/// as one event: what <see cref="MoldMessage"/> events would carry one by one (in order, no
/// gap, no repeat), for a subscriber that walks them in its own loop and so pays one event
/// delivery per packet instead of one per message. <c>foreach</c> gives each as a
/// <see cref="MoldMessage"/>. The blocks are the frame's own bytes (or, for recovered or
/// held packets, the plugin's buffer): valid only during delivery.
/// Threading: delivered on the poll thread.
/// </summary>
public readonly ref struct MoldMessageRun
{
    private readonly ReadOnlySpan<byte> _blocks;

    /// <summary>Creates a run.</summary>
    /// <param name="session">The session.</param>
    /// <param name="firstSequence">Sequence number of the first message.</param>
    /// <param name="count">Messages in the run (at least 1).</param>
    /// <param name="blocks">Exactly <paramref name="count"/> MoldUDP64 message blocks (a big-endian u16 length, then the message), already checked to fill the span.</param>
    /// <param name="rxTimestampNs">Receive time of the frame that carried them.</param>
    /// <param name="recovered">True when they came from a retransmission.</param>
    public MoldMessageRun(MoldSession session, ulong firstSequence, int count, ReadOnlySpan<byte> blocks, long rxTimestampNs, bool recovered)
    {
        Session = session;
        FirstSequence = firstSequence;
        Count = count;
        _blocks = blocks;
        RxTimestampNs = rxTimestampNs;
        Recovered = recovered;
    }

    /// <summary>The session.</summary>
    public MoldSession Session { get; }

    /// <summary>Sequence number of the first message; the others follow one by one.</summary>
    public ulong FirstSequence { get; }

    /// <summary>Messages in the run.</summary>
    public int Count { get; }

    /// <summary>Receive time (ns since the Unix epoch) of the frame that carried them.</summary>
    public long RxTimestampNs { get; }

    /// <summary>True when delivered from a retransmission rather than the live feed.</summary>
    public bool Recovered { get; }

    /// <summary>The messages in sequence order.</summary>
    // Inlined (here and in the enumerator): the host compiles plugins without a profile, and
    // its inliner left these as calls per message in the subscribers' loops.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Walks a run's blocks; no allocation.</summary>
    public ref struct Enumerator
    {
        private readonly MoldMessageRun _run;
        private int _index;
        private int _offset;
        private int _length;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal Enumerator(MoldMessageRun run)
        {
            _run = run;
            _index = -1;
        }

        /// <summary>The message at the current position.</summary>
        public readonly MoldMessage Current
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => new(_run.Session, _run.FirstSequence + (ulong)_index, _run._blocks.Slice(_offset + 2, _length), _run.RxTimestampNs, _run.Recovered);
        }

        /// <summary>Steps to the next message; false after the last.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool MoveNext()
        {
            if (_index >= 0)
            {
                _offset += 2 + _length;
            }
            if (++_index >= _run.Count)
            {
                return false;
            }
            _length = BinaryPrimitives.ReadUInt16BigEndian(_run._blocks[_offset..]);
            return true;
        }
    }
}
