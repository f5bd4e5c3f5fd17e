using System.Buffers.Binary;
using System.Text;

namespace HftHost.Tests.Generator;

/// <summary>
/// Reads a generated capture back with no help from the generator's code: classic pcap
/// with nanosecond timestamps, Ethernet, IPv4 (header checksum and lengths checked), UDP
/// (length checked), MoldUDP64 (message blocks must fill the payload exactly).
/// </summary>
internal static class MoldCapture
{
    public static List<MoldFrame> Read(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        Assert.True(file.Length >= 24, "shorter than a pcap header");
        Assert.Equal(0xA1B23C4Du, BinaryPrimitives.ReadUInt32LittleEndian(file));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(4)));
        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(6)));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20)));

        var frames = new List<MoldFrame>();
        int at = 24;
        while (at < file.Length)
        {
            Assert.True(file.Length - at >= 16, $"record header cut short at byte {at}");
            long seconds = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at));
            long nanos = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4));
            int captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8));
            int wire = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 12));
            Assert.True(nanos < 1_000_000_000, $"frame {frames.Count}: {nanos} ns is not below a second");
            Assert.Equal(captured, wire);
            Assert.True(file.Length - at - 16 >= captured, $"frame {frames.Count} cut short");
            frames.Add(Frame(frames.Count, seconds * 1_000_000_000 + nanos, file.AsSpan(at + 16, captured)));
            at += 16 + captured;
        }
        return frames;
    }

    private static MoldFrame Frame(int index, long timestampNs, ReadOnlySpan<byte> frame)
    {
        string where = $"frame {index}";
        Assert.Equal(0x0800, BinaryPrimitives.ReadUInt16BigEndian(frame[12..]));
        ReadOnlySpan<byte> ip = frame[14..];
        Assert.Equal(0x45, ip[0]);
        Assert.True(OnesComplementSum(ip[..20]) == 0xFFFF, $"{where}: bad IPv4 header checksum");
        Assert.Equal(17, ip[9]);
        int ipLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        Assert.True(ipLength == frame.Length - 14, $"{where}: IPv4 total length {ipLength}, frame has {frame.Length - 14}");
        string group = $"{ip[16]}.{ip[17]}.{ip[18]}.{ip[19]}";
        // The group's multicast MAC: 01:00:5e and the low 23 bits of the address.
        Assert.Equal([0x01, 0x00, 0x5E, (byte)(ip[17] & 0x7F), ip[18], ip[19]], frame[..6].ToArray());

        ReadOnlySpan<byte> udp = ip[20..];
        int udpLength = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
        Assert.True(udpLength == ipLength - 20, $"{where}: UDP length {udpLength}, IPv4 carries {ipLength - 20}");
        int port = BinaryPrimitives.ReadUInt16BigEndian(udp[2..]);

        ReadOnlySpan<byte> mold = udp[8..udpLength];
        Assert.True(mold.Length >= 20, $"{where}: {mold.Length} bytes is no MoldUDP64 header");
        string session = Encoding.ASCII.GetString(mold[..10]).TrimEnd(' ');
        ulong sequence = BinaryPrimitives.ReadUInt64BigEndian(mold[10..]);
        int count = BinaryPrimitives.ReadUInt16BigEndian(mold[18..]);
        var messages = new List<byte[]>();
        int at = 20;
        if (count is > 0 and < MoldFrame.EndOfSession)
        {
            for (int i = 0; i < count; i++)
            {
                Assert.True(mold.Length - at >= 2, $"{where}: message {i} has no length");
                int length = BinaryPrimitives.ReadUInt16BigEndian(mold[at..]);
                Assert.True(mold.Length - at - 2 >= length, $"{where}: message {i} runs past the packet");
                messages.Add(mold.Slice(at + 2, length).ToArray());
                at += 2 + length;
            }
        }
        Assert.True(at == mold.Length, $"{where}: {mold.Length - at} bytes after the last message block");
        return new MoldFrame(index, timestampNs, group, port, session, sequence, count, messages);
    }

    private static int OnesComplementSum(ReadOnlySpan<byte> header)
    {
        int sum = 0;
        for (int i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return sum;
    }
}
