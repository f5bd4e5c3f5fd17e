using System.Buffers.Binary;
using System.Net;

namespace HftPlugin1.Tests;

/// <summary>Builds Ethernet + IPv4 + UDP frames for feeding the plugin by hand.</summary>
internal static class UdpFrame
{
    public static byte[] To(string group, int port, byte[] payload)
    {
        const int ethernet = 14, ipv4 = 20, udp = 8;
        byte[] frame = new byte[ethernet + ipv4 + udp + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800); // EtherType IPv4
        Span<byte> ip = frame.AsSpan(ethernet);
        ip[0] = 0x45; // version 4, 20-byte header
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(ipv4 + udp + payload.Length));
        ip[8] = 32; // TTL
        ip[9] = 17; // UDP
        IPAddress.Parse("10.0.0.1").TryWriteBytes(ip[12..], out _);
        IPAddress.Parse(group).TryWriteBytes(ip[16..], out _);
        Span<byte> header = frame.AsSpan(ethernet + ipv4);
        BinaryPrimitives.WriteUInt16BigEndian(header, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)port);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)(udp + payload.Length));
        payload.CopyTo(frame, ethernet + ipv4 + udp);
        return frame;
    }
}
