using System.Buffers.Binary;

namespace HftHost.Tests.Support;

/// <summary>
/// Writes classic pcap files for tests: microsecond (a1b2c3d4) or nanosecond (a1b23c4d)
/// timestamps, little- or big-endian headers, any link type and snaplen.
/// </summary>
internal sealed class PcapWriter
{
    private readonly MemoryStream _out = new();
    private readonly bool _nanosecond;
    private readonly bool _bigEndian;

    public PcapWriter(bool nanosecond = false, bool bigEndian = false, uint linkType = 1, uint snaplen = 262144)
    {
        _nanosecond = nanosecond;
        _bigEndian = bigEndian;
        U32(nanosecond ? 0xA1B23C4Du : 0xA1B2C3D4u);
        U16(2);
        U16(4);
        U32(0); // thiszone
        U32(0); // sigfigs
        U32(snaplen);
        U32(linkType);
    }

    /// <summary>Adds a record; <paramref name="wireLength"/> defaults to the captured length.</summary>
    public PcapWriter Add(long timestampNs, byte[] frame, int? wireLength = null)
    {
        long seconds = timestampNs / 1_000_000_000;
        long fraction = timestampNs % 1_000_000_000;
        U32((uint)seconds);
        U32((uint)(_nanosecond ? fraction : fraction / 1000));
        U32((uint)frame.Length);
        U32((uint)(wireLength ?? frame.Length));
        _out.Write(frame);
        return this;
    }

    public byte[] ToArray() => _out.ToArray();

    private void U16(ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        }
        _out.Write(b);
    }

    private void U32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        }
        _out.Write(b);
    }
}
