using System.Buffers.Binary;

namespace HftHost.Sdk.Testing;

/// <summary>
/// Reads the packets of a classic pcap file (µs and ns magics, either byte order) or a
/// pcapng file (sections in either byte order; interfaces with if_tsresol and if_tsoffset;
/// enhanced, simple and obsolete packet blocks; every other block skipped), one at a time
/// into a buffer it reuses, so a large capture needs no more memory than its largest block.
/// Bad input never throws: reading stops before the first header, record or block that is
/// cut short or cannot be right, and <see cref="Error"/> says where and why. The rules are
/// the host's (a record larger than both 256 KiB and the snaplen is corrupt; a wire length
/// below the captured length is taken as the captured length; a simple packet block has the
/// timestamp of the packet before it).
/// Threading: one thread at a time.
/// </summary>
internal sealed class CaptureReader : IDisposable
{
    private const uint PcapMicroseconds = 0xA1B2C3D4;
    private const uint PcapNanoseconds = 0xA1B23C4D;
    private const uint SectionHeaderBlock = 0x0A0D0D0A; // a palindrome: the same in both byte orders
    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const uint InterfaceBlock = 1;
    private const uint ObsoletePacketBlock = 2;
    private const uint SimplePacketBlock = 3;
    private const uint EnhancedPacketBlock = 6;
    private const int PcapFileHeaderLength = 24;
    private const int PcapRecordHeaderLength = 16;
    private const int MinBlockLength = 12; // type, length, trailing length
    private const ushort LinkTypeEthernet = 1;

    // libpcap's limit: a caplen read from a corrupt record header almost always exceeds it.
    private const uint MaxRecordLength = 262_144;

    // Far above any packet block (a jumbo frame and its options); a larger declared length
    // is corruption, not a reason to allocate.
    private const uint MaxPacketBlockLength = 16 * 1024 * 1024;
    private const long NsPerSecond = 1_000_000_000;

    private readonly Stream _stream;
    private readonly long _length;
    private readonly List<Interface> _interfaces = [];
    private byte[] _buffer = new byte[64 * 1024];
    private long _position;
    private bool _bigEndian;
    private bool _isPcapng;
    private bool _started;
    private long _lastTimestampNs;

    private CaptureReader(Stream stream)
    {
        _stream = stream;
        _length = stream.Length;
    }

    /// <summary>Why reading stopped before the end of the file; null while nothing went wrong.</summary>
    public CaptureError? Error { get; private set; }

    /// <summary>Opens <paramref name="path"/>; a missing or unreadable file throws as <see cref="File.OpenRead"/> does.</summary>
    public static CaptureReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));

    /// <summary>Reads the next packet; false at the end of the file or at an error (see <see cref="Error"/>).</summary>
    public bool TryRead(out CapturedFrame frame)
    {
        frame = default;
        if (Error is not null)
        {
            return false;
        }
        if (!_started)
        {
            _started = true;
            if (!ReadFileHeader())
            {
                return false;
            }
        }
        return _isPcapng ? NextPcapngPacket(out frame) : NextPcapRecord(out frame);
    }

    public void Dispose() => _stream.Dispose();

    private long Left => _length - _position;

    private bool ReadFileHeader()
    {
        if (_length < 4)
        {
            return Fail(0, $"the file is {_length} bytes, too short for a pcap or pcapng header");
        }
        Fill(0, 4);
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(_buffer);
        if (magic == SectionHeaderBlock)
        {
            // The block loop reads the section header itself, as it does later ones.
            _isPcapng = true;
            Seek(0);
            return true;
        }
        uint swapped = BinaryPrimitives.ReverseEndianness(magic);
        if (magic is not (PcapMicroseconds or PcapNanoseconds) && swapped is not (PcapMicroseconds or PcapNanoseconds))
        {
            return Fail(0, $"not a pcap or pcapng file (magic 0x{magic:x8})");
        }
        _bigEndian = magic is not (PcapMicroseconds or PcapNanoseconds);
        bool nanoseconds = (_bigEndian ? swapped : magic) == PcapNanoseconds;
        if (_length < PcapFileHeaderLength)
        {
            return Fail(0, $"the file ends inside the {PcapFileHeaderLength}-byte pcap header ({_length} bytes)");
        }
        Fill(4, PcapFileHeaderLength - 4);
        if (U16(4) != 2)
        {
            return Fail(0, $"unsupported pcap version {U16(4)}.{U16(6)}");
        }
        // The upper bits of the link type field carry FCS information, not the type.
        _interfaces.Add(new Interface((U32(20) & 0xFFFF) == LinkTypeEthernet, U32(16), nanoseconds ? 9 : 6));
        return true;
    }

    private bool NextPcapRecord(out CapturedFrame frame)
    {
        frame = default;
        long offset = _position;
        if (Left == 0)
        {
            return false;
        }
        if (Left < PcapRecordHeaderLength)
        {
            return Fail(offset, $"record at offset {offset}: the file ends inside its {PcapRecordHeaderLength}-byte header ({Left} bytes left)");
        }
        Fill(0, PcapRecordHeaderLength);
        Interface link = _interfaces[0];
        uint capturedLength = U32(8);
        uint wireLength = U32(12);
        if (capturedLength > MaxRecordLength && capturedLength > link.Snaplen)
        {
            return Fail(offset, $"record at offset {offset} declares {capturedLength} bytes of packet data, more than the snaplen {link.Snaplen}");
        }
        if (capturedLength > Left)
        {
            return Fail(offset, $"record at offset {offset} declares {capturedLength} bytes of packet data; the file ends after {Left}");
        }
        long timestampNs = (U32(0) * NsPerSecond) + (U32(4) * (link.Digits == 9 ? 1L : 1000L));
        Fill(0, (int)capturedLength);
        frame = new CapturedFrame(_buffer.AsSpan(0, (int)capturedLength), timestampNs, WireLength(capturedLength, wireLength), link.IsEthernet);
        return true;
    }

    private bool NextPcapngPacket(out CapturedFrame frame)
    {
        frame = default;
        while (true)
        {
            long offset = _position;
            if (Left == 0)
            {
                return false;
            }
            if (Left < MinBlockLength)
            {
                return Fail(offset, $"block at offset {offset}: the file ends inside its header ({Left} bytes left)");
            }
            Fill(0, 8);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(_buffer);
            if (type == SectionHeaderBlock)
            {
                // A section may switch the byte order: its magic comes before its length is read.
                Fill(8, 4);
                uint magic = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(8));
                if (magic != ByteOrderMagic && BinaryPrimitives.ReverseEndianness(magic) != ByteOrderMagic)
                {
                    return Fail(offset, $"section header at offset {offset} has no valid byte-order magic");
                }
                _bigEndian = magic != ByteOrderMagic;
            }
            else if (_bigEndian)
            {
                type = BinaryPrimitives.ReverseEndianness(type);
            }
            uint length = U32(4);
            if (length < MinBlockLength || length % 4 != 0)
            {
                return Fail(offset, $"block at offset {offset} declares a length of {length} (needs a multiple of 4, at least {MinBlockLength})");
            }
            if (length > _length - offset)
            {
                return Fail(offset, $"block at offset {offset} declares {length} bytes; the file ends after {_length - offset}");
            }
            if (type is not (SectionHeaderBlock or InterfaceBlock or EnhancedPacketBlock or SimplePacketBlock or ObsoletePacketBlock))
            {
                // Name resolution, statistics, decryption secrets, custom blocks: nothing to
                // replay. Skipped unread, but the trailing length must still agree.
                Seek(offset + length - 4);
                Fill(0, 4);
                if (U32(0) != length)
                {
                    return Fail(offset, $"block at offset {offset}: trailing length {U32(0)} differs from leading length {length}");
                }
                continue;
            }
            if (length > MaxPacketBlockLength)
            {
                return Fail(offset, $"block at offset {offset} declares {length} bytes, more than a block of type {type} can hold");
            }
            int read = (int)(_position - offset);
            Fill(read, (int)length - read);
            if (U32((int)length - 4) != length)
            {
                return Fail(offset, $"block at offset {offset}: trailing length {U32((int)length - 4)} differs from leading length {length}");
            }
            int bodyLength = (int)length - MinBlockLength; // the body starts at 8
            switch (type)
            {
                case SectionHeaderBlock:
                    if (bodyLength < 16)
                    {
                        return Fail(offset, $"section header at offset {offset} is too short");
                    }
                    if (U16(12) != 1)
                    {
                        return Fail(offset, $"section header at offset {offset}: unsupported pcapng version {U16(12)}.{U16(14)}");
                    }
                    _interfaces.Clear(); // interface ids are numbered per section
                    break;
                case InterfaceBlock:
                    if (!ReadInterface(offset, bodyLength))
                    {
                        return false;
                    }
                    break;
                case EnhancedPacketBlock:
                case ObsoletePacketBlock:
                    return ReadPacketBlock(offset, type, bodyLength, out frame);
                default:
                    return ReadSimplePacketBlock(offset, bodyLength, out frame);
            }
        }
    }

    private bool ReadInterface(long offset, int bodyLength)
    {
        if (bodyLength < 8)
        {
            return Fail(offset, $"interface block at offset {offset} is too short");
        }
        var link = new Interface(U16(8) == LinkTypeEthernet, U32(12), Digits: 6); // pcapng's default: µs
        // Options: code (u16), length (u16), value padded to 4 bytes; until opt_endofopt or the block's end.
        int end = 8 + bodyLength;
        for (int o = 16; end - o >= 4;)
        {
            ushort code = U16(o);
            ushort length = U16(o + 2);
            o += 4;
            if (code == 0)
            {
                break;
            }
            if (length > end - o)
            {
                return Fail(offset, $"interface block at offset {offset}: option {code} runs past the block");
            }
            if (code == 9 && length >= 1)
            {
                // if_tsresol: bit 7 clear = 10^-n s, set = 2^-n s; beyond 10^-19 or 2^-63 nothing fits 64 bits.
                byte resolution = _buffer[o];
                int n = resolution & 0x7F;
                if ((resolution & 0x80) != 0 ? n > 63 : n > 19)
                {
                    return Fail(offset, $"interface block at offset {offset}: unsupported if_tsresol 0x{resolution:x2}");
                }
                link = link with { Binary = (resolution & 0x80) != 0, Digits = n };
            }
            else if (code == 14 && length >= 8)
            {
                long seconds = (long)U64(o);
                if (seconds is > long.MaxValue / NsPerSecond or < long.MinValue / NsPerSecond)
                {
                    return Fail(offset, $"interface block at offset {offset}: if_tsoffset {seconds} s is out of range");
                }
                link = link with { OffsetNs = seconds * NsPerSecond };
            }
            o += (length + 3) & ~3;
        }
        _interfaces.Add(link);
        return true;
    }

    private bool ReadPacketBlock(long offset, uint type, int bodyLength, out CapturedFrame frame)
    {
        frame = default;
        if (bodyLength < 20)
        {
            return Fail(offset, $"packet block at offset {offset} is too short");
        }
        // The obsolete block has a 16-bit interface id and a 16-bit drop count where the enhanced one has a 32-bit id.
        uint id = type == EnhancedPacketBlock ? U32(8) : U16(8);
        ulong units = ((ulong)U32(12) << 32) | U32(16);
        uint capturedLength = U32(20);
        uint wireLength = U32(24);
        if (capturedLength > bodyLength - 20)
        {
            return Fail(offset, $"packet block at offset {offset} declares {capturedLength} bytes of packet data; its body holds {bodyLength - 20}");
        }
        if (id >= _interfaces.Count)
        {
            return Fail(offset, $"packet block at offset {offset} names interface {id}; its section declares {_interfaces.Count}");
        }
        Interface link = _interfaces[(int)id];
        _lastTimestampNs = link.ToNanoseconds(units);
        frame = new CapturedFrame(_buffer.AsSpan(28, (int)capturedLength), _lastTimestampNs, WireLength(capturedLength, wireLength), link.IsEthernet);
        return true;
    }

    private bool ReadSimplePacketBlock(long offset, int bodyLength, out CapturedFrame frame)
    {
        frame = default;
        if (bodyLength < 4)
        {
            return Fail(offset, $"simple packet block at offset {offset} is too short");
        }
        if (_interfaces.Count == 0)
        {
            return Fail(offset, $"simple packet block at offset {offset} comes before any interface block");
        }
        // No captured length: the data is what the block holds, up to the wire length and the snaplen.
        Interface link = _interfaces[0];
        uint wireLength = U32(8);
        uint capturedLength = Math.Min((uint)bodyLength - 4, wireLength);
        if (link.Snaplen != 0)
        {
            capturedLength = Math.Min(capturedLength, link.Snaplen);
        }
        frame = new CapturedFrame(_buffer.AsSpan(12, (int)capturedLength), _lastTimestampNs, WireLength(capturedLength, wireLength), link.IsEthernet);
        return true;
    }

    // Some writers store a wire length below the captured one; the wire held at least what was captured.
    private static int WireLength(uint captured, uint wire) => (int)Math.Min(Math.Max(captured, wire), int.MaxValue);

    private bool Fail(long offset, string reason)
    {
        Error = new CaptureError(offset, reason);
        return false;
    }

    // Reads `count` bytes at the position into the buffer at `at`; callers have checked that the file holds them.
    private void Fill(int at, int count)
    {
        if (_buffer.Length < at + count)
        {
            Array.Resize(ref _buffer, Math.Max(at + count, _buffer.Length * 2));
        }
        _stream.ReadExactly(_buffer, at, count);
        _position += count;
    }

    private void Seek(long position)
    {
        _stream.Position = position;
        _position = position;
    }

    private ushort U16(int at) => _bigEndian
        ? BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(at))
        : BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(at));

    private uint U32(int at) => _bigEndian
        ? BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(at))
        : BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(at));

    private ulong U64(int at) => _bigEndian
        ? BinaryPrimitives.ReadUInt64BigEndian(_buffer.AsSpan(at))
        : BinaryPrimitives.ReadUInt64LittleEndian(_buffer.AsSpan(at));

    /// <summary>A capture interface: link type, snaplen (0 = none) and timestamp units (10^-Digits s, or 2^-Digits s when Binary).</summary>
    private readonly record struct Interface(bool IsEthernet, uint Snaplen, int Digits, bool Binary = false, long OffsetNs = 0)
    {
        public long ToNanoseconds(ulong units)
        {
            // 128 bits: units × 10^9 overflows 64 for any binary clock; a corrupt timestamp saturates instead of wrapping.
            UInt128 ns = Binary
                ? ((UInt128)units * NsPerSecond) >> Digits
                : Digits <= 9 ? (UInt128)units * Pow10(9 - Digits) : units / Pow10(Digits - 9);
            Int128 total = (Int128)ns + OffsetNs;
            return total < 0 ? 0 : total > long.MaxValue ? long.MaxValue : (long)total;
        }

        private static ulong Pow10(int n)
        {
            ulong p = 1;
            for (int i = 0; i < n; i++)
            {
                p *= 10;
            }
            return p;
        }
    }
}
