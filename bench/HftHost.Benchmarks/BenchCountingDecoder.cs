using System.Buffers.Binary;
using HftHost.Sdk;

namespace HftHost.Benchmarks;

/// <summary>
/// The decoder of tests/plugins/CountingPlugin compiled into the benchmark (same work per
/// frame: count, read the sequence, account gaps and repeats), so the benchmark can call it
/// directly, as a sealed type the JIT devirtualises and inlines, and through the dispatcher
/// from the default context. If the fixture's decoder changes, change this one with it:
/// the comparison with the real plugin is only fair while both do the same work.
/// </summary>
internal sealed class BenchCountingDecoder(BenchCountState state) : FrameDecoder("count")
{
    public BenchCountState State { get; } = state;

    public override int Decode(in FrameView frame)
    {
        BenchCountState s = State;
        s.Frames++;
        ReadOnlySpan<byte> payload = frame.Payload;
        if (payload.Length >= sizeof(ulong))
        {
            ulong sequence = BinaryPrimitives.ReadUInt64LittleEndian(payload);
            ulong expected = s.NextSequence;
            if (sequence > expected)
            {
                s.Missing += (long)(sequence - expected);
            }
            else if (sequence < expected)
            {
                s.Repeated++;
            }
            s.NextSequence = Math.Max(expected, sequence + 1);
        }
        return Math.Max(1, payload.Length);
    }
}
