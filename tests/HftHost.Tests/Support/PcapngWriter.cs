using System.Buffers.Binary;

namespace HftHost.Tests.Support;

/// <summary>
/// Writes pcapng files for tests: section headers in either byte order, interfaces with
/// if_tsresol, enhanced and simple packet blocks, and blocks a reader must skip.
/// </summary>
internal sealed class PcapngWriter
{
    private readonly MemoryStream _out = new();
    private readonly bool _bigEndian;

    public PcapngWriter(bool bigEndian = false)
    {
        _bigEndian = bigEndian;
        Section();
    }

    /// <summary>Starts a section (a writer starts with one); interfaces are per section.</summary>
    public PcapngWriter Section()
    {
        byte[] body = new byte[16];
        W32(body, 0, 0x1A2B3C4D);
        W16(body, 4, 1);
        W16(body, 6, 0);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(8), -1); // section length unknown
        return Block(0x0A0D0D0A, body);
    }

    /// <summary>An interface; <paramref name="tsresol"/> is the raw if_tsresol byte (6 = µs, 9 = ns, 0x80|n = 2^-n), null to omit.</summary>
    public PcapngWriter Interface(ushort linkType = 1, uint snaplen = 0, byte? tsresol = null)
    {
        byte[] head = new byte[8];
        W16(head, 0, linkType);
        W32(head, 4, snaplen);
        List<byte> body = [.. head];
        if (tsresol is byte r)
        {
            body.AddRange(Option(9, [r]));
        }
        body.AddRange(Option(0, []));
        return Block(1, [.. body]);
    }

    /// <summary>An enhanced packet block with a timestamp in the interface's units.</summary>
    public PcapngWriter Enhanced(uint interfaceId, ulong timestampUnits, byte[] frame, int? wireLength = null)
    {
        byte[] body = new byte[20 + Pad4(frame.Length)];
        W32(body, 0, interfaceId);
        W32(body, 4, (uint)(timestampUnits >> 32));
        W32(body, 8, (uint)timestampUnits);
        W32(body, 12, (uint)frame.Length);
        W32(body, 16, (uint)(wireLength ?? frame.Length));
        frame.CopyTo(body, 20);
        return Block(6, body);
    }

    /// <summary>A simple packet block (interface 0, no timestamp).</summary>
    public PcapngWriter Simple(byte[] frame)
    {
        byte[] body = new byte[4 + Pad4(frame.Length)];
        W32(body, 0, (uint)frame.Length);
        frame.CopyTo(body, 4);
        return Block(3, body);
    }

    /// <summary>A block of any type (name resolution, statistics, custom) that readers skip.</summary>
    public PcapngWriter Other(uint type, int bodyLength) => Block(type, new byte[Pad4(bodyLength)]);

    public byte[] ToArray() => _out.ToArray();

    private PcapngWriter Block(uint type, byte[] body)
    {
        uint total = (uint)(12 + body.Length);
        byte[] head = new byte[8];
        W32(head, 0, type);
        W32(head, 4, total);
        _out.Write(head);
        _out.Write(body);
        byte[] tail = new byte[4];
        W32(tail, 0, total);
        _out.Write(tail);
        return this;
    }

    private byte[] Option(ushort code, byte[] value)
    {
        byte[] o = new byte[4 + Pad4(value.Length)];
        W16(o, 0, code);
        W16(o, 2, (ushort)value.Length);
        value.CopyTo(o, 4);
        return o;
    }

    private static int Pad4(int n) => (n + 3) & ~3;

    private void W16(byte[] b, int at, ushort v)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at), v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), v);
        }
    }

    private void W32(byte[] b, int at, uint v)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v);
        }
    }
}
