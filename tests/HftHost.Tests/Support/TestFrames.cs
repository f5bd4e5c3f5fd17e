using System.Buffers.Binary;

namespace HftHost.Tests.Support;

/// <summary>Builds Ethernet frames byte by byte for tests (valid IPv4 header checksums).</summary>
internal static class TestFrames
{
    public static readonly byte[] DestinationMac = [0x01, 0x00, 0x5e, 0x01, 0x01, 0x01];
    public static readonly byte[] SourceMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x09];

    /// <summary>Ethernet [+ VLAN tags] + IPv4 + UDP + payload [+ trailer bytes after the IP packet].</summary>
    public static byte[] Udp(
        byte[] payload, ushort[]? vlanIds = null, ushort sourcePort = 40000, ushort destinationPort = 30001,
        uint source = 0x0A000001, uint destination = 0xEF010101, int trailer = 0, ushort outerTpid = 0x8100)
    {
        byte[] udp = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)udp.Length);
        payload.CopyTo(udp, 8);
        return Ethernet(Ipv4(17, udp, source, destination), vlanIds, 0x0800, trailer, outerTpid);
    }

    /// <summary>Ethernet + IPv4 + TCP (20-byte header + optional options) + payload.</summary>
    public static byte[] Tcp(byte[] payload, int optionBytes = 0, ushort sourcePort = 5000, ushort destinationPort = 6000)
    {
        int headerLength = 20 + optionBytes;
        byte[] tcp = new byte[headerLength + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), destinationPort);
        tcp[12] = (byte)(headerLength / 4 << 4);
        payload.CopyTo(tcp, headerLength);
        return Ethernet(Ipv4(6, tcp, 0x0A000001, 0x0A000002), null, 0x0800, 0, 0x8100);
    }

    /// <summary>An IPv4 header (20 bytes, or more with options) followed by <paramref name="body"/>.</summary>
    public static byte[] Ipv4(byte protocol, byte[] body, uint source, uint destination, int optionBytes = 0, ushort fragment = 0)
    {
        int headerLength = 20 + optionBytes;
        byte[] ip = new byte[headerLength + body.Length];
        ip[0] = (byte)(0x40 | headerLength / 4);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(6), fragment);
        ip[8] = 64;
        ip[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(ip.AsSpan(12), source);
        BinaryPrimitives.WriteUInt32BigEndian(ip.AsSpan(16), destination);
        uint sum = 0;
        for (int i = 0; i < headerLength; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(ip.AsSpan(i));
        }
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(10), (ushort)~sum);
        body.CopyTo(ip, headerLength);
        return ip;
    }

    /// <summary>Ethernet header [+ tags] + body + <paramref name="trailer"/> bytes of 0xEE.</summary>
    public static byte[] Ethernet(byte[] body, ushort[]? vlanIds, ushort etherType, int trailer = 0, ushort outerTpid = 0x8100)
    {
        vlanIds ??= [];
        byte[] frame = new byte[14 + 4 * vlanIds.Length + body.Length + trailer];
        DestinationMac.CopyTo(frame, 0);
        SourceMac.CopyTo(frame, 6);
        int offset = 12;
        for (int i = 0; i < vlanIds.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(offset), i == 0 && vlanIds.Length > 1 ? outerTpid : (ushort)0x8100);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(offset + 2), vlanIds[i]);
            offset += 4;
        }
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(offset), etherType);
        body.CopyTo(frame, offset + 2);
        frame.AsSpan(offset + 2 + body.Length).Fill(0xEE);
        return frame;
    }

    /// <summary>An ARP request frame (not IPv4).</summary>
    public static byte[] Arp() => Ethernet(new byte[28], null, 0x0806);
}
