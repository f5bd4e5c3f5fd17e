using HftHost.Sdk;
using HftHost.Tests.Support;

namespace HftHost.Tests.Sdk;

public class FrameParserTests
{
    private static readonly byte[] Payload = [1, 2, 3, 4, 5, 6, 7, 8, 9];

    private static FrameView Parse(byte[] frame, int? wire = null, bool isEthernet = true) =>
        FrameParser.Parse(frame, 123, wire ?? frame.Length, 4, 1, isEthernet);

    [Fact]
    public void Should_parse_untagged_udp_to_its_payload()
    {
        FrameView v = Parse(TestFrames.Udp(Payload, sourcePort: 1234, destinationPort: 26477));
        Assert.Equal(FrameKind.Udp, v.Kind);
        Assert.Equal(0, v.VlanCount);
        Assert.Equal(0x0800, v.EtherType);
        Assert.Equal(14, v.L3Offset);
        Assert.Equal(34, v.L4Offset);
        Assert.Equal(42, v.PayloadOffset);
        Assert.Equal(Payload, v.Payload.ToArray());
        Assert.Equal(0x0A000001u, v.SourceAddress);
        Assert.Equal(0xEF010101u, v.DestinationAddress);
        Assert.Equal(1234, v.SourcePort);
        Assert.Equal(26477, v.DestinationPort);
        Assert.Equal(17, v.IpProtocol);
        Assert.Equal(123, v.RxTimestampNs);
        Assert.Equal((ushort)4, v.Port);
        Assert.Equal((ushort)1, v.Queue);
    }

    [Fact]
    public void Should_parse_an_8021q_tag()
    {
        FrameView v = Parse(TestFrames.Udp(Payload, vlanIds: [0x2064]));
        Assert.Equal(FrameKind.Udp, v.Kind);
        Assert.Equal(1, v.VlanCount);
        Assert.Equal(0x064, v.OuterVlanId); // priority bits are not part of the id
        Assert.Equal(18, v.L3Offset);
        Assert.Equal(Payload, v.Payload.ToArray());
    }

    [Theory]
    [InlineData((ushort)0x88A8)]
    [InlineData((ushort)0x9100)]
    [InlineData((ushort)0x8100)]
    public void Should_parse_qinq_with_any_outer_tpid(ushort outerTpid)
    {
        FrameView v = Parse(TestFrames.Udp(Payload, vlanIds: [300, 42], outerTpid: outerTpid));
        Assert.Equal(FrameKind.Udp, v.Kind);
        Assert.Equal(2, v.VlanCount);
        Assert.Equal(300, v.OuterVlanId);
        Assert.Equal(42, v.InnerVlanId);
        Assert.Equal(22, v.L3Offset);
        Assert.Equal(Payload, v.Payload.ToArray());
    }

    [Fact]
    public void Should_saturate_the_tag_count_of_a_frame_with_hundreds_of_tags()
    {
        ushort[] tags = Enumerable.Repeat((ushort)5, 300).ToArray();
        FrameView v = Parse(TestFrames.Udp(Payload, vlanIds: tags));
        Assert.Equal(FrameKind.Udp, v.Kind);
        Assert.Equal(255, v.VlanCount);
        Assert.Equal(14 + 4 * 300, v.L3Offset);
    }

    [Fact]
    public void Should_exclude_an_ethernet_trailer_from_the_payload()
    {
        // Real captures carry bytes after the IP packet (padding, appliance trailers).
        byte[] frame = TestFrames.Udp(Payload, trailer: 12);
        FrameView v = Parse(frame);
        Assert.Equal(FrameKind.Udp, v.Kind);
        Assert.Equal(Payload.Length, v.PayloadLength);
        Assert.Equal(Payload, v.Payload.ToArray());
        Assert.Equal(frame.Length, v.Bytes.Length);
    }

    [Fact]
    public void Should_parse_tcp_with_options()
    {
        FrameView v = Parse(TestFrames.Tcp(Payload, optionBytes: 12, sourcePort: 443, destinationPort: 50000));
        Assert.Equal(FrameKind.Tcp, v.Kind);
        Assert.Equal(34, v.L4Offset);
        Assert.Equal(34 + 32, v.PayloadOffset);
        Assert.Equal(Payload, v.Payload.ToArray());
        Assert.Equal(443, v.SourcePort);
        Assert.Equal(50000, v.DestinationPort);
    }

    [Fact]
    public void Should_classify_arp_and_icmp_and_fragments_as_other()
    {
        Assert.Equal(FrameKind.NotIpv4, Parse(TestFrames.Arp()).Kind);
        Assert.Equal(FrameKind.NotIpv4, Parse(TestFrames.Udp(Payload), isEthernet: false).Kind);
        byte[] icmp = TestFrames.Ethernet(TestFrames.Ipv4(1, new byte[8], 1, 2), null, 0x0800);
        Assert.Equal(FrameKind.OtherIpv4, Parse(icmp).Kind);
        byte[] laterFragment = TestFrames.Ethernet(TestFrames.Ipv4(17, new byte[16], 1, 2, fragment: 185), null, 0x0800);
        Assert.Equal(FrameKind.OtherIpv4, Parse(laterFragment).Kind);
        byte[] firstFragment = TestFrames.Ethernet(TestFrames.Ipv4(17, new byte[16], 1, 2, fragment: 0x2000), null, 0x0800);
        Assert.Equal(FrameKind.OtherIpv4, Parse(firstFragment).Kind);
    }

    [Fact]
    public void Should_honour_ip_options_in_the_header_length()
    {
        byte[] udp = [0x9C, 0x40, 0x75, 0x31, 0, 10, 0, 0, 0xAB, 0xCD];
        byte[] frame = TestFrames.Ethernet(TestFrames.Ipv4(17, udp, 1, 2, optionBytes: 8), null, 0x0800);
        FrameView v = Parse(frame);
        Assert.Equal(FrameKind.Udp, v.Kind);
        Assert.Equal(14 + 28, v.L4Offset);
        Assert.Equal(new byte[] { 0xAB, 0xCD }, v.Payload.ToArray());
    }

    public static TheoryData<string, byte[]> MalformedFrames()
    {
        byte[] good = TestFrames.Udp(Payload);
        var data = new TheoryData<string, byte[]>
        {
            { "runt: shorter than an Ethernet header", good[..13] },
            { "VLAN tag cut short", TestFrames.Udp(Payload, vlanIds: [7])[..16] },
            { "IPv4 header cut short", good[..30] },
            { "IP total length beyond the frame", Patch(good, 16, 0x01, 0x00) },
            { "IP total length below the header", Patch(good, 16, 0x00, 0x10) },
            { "IHL below 5", Patch(good, 14, 0x44) },
            { "not IP version 4", Patch(good, 14, 0x65) },
            { "UDP length below 8", Patch(good, 38, 0x00, 0x04) },
            { "UDP length beyond the IP packet", Patch(good, 38, 0x00, 0xFF) },
            { "TCP data offset below 5", Patch(TestFrames.Tcp(Payload), 46, 0x40) },
            { "TCP header cut short", TestFrames.Tcp(Payload)[..40] },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedFrames))]
    public void Should_flag_malformed_frames_without_throwing(string why, byte[] frame)
    {
        FrameView v = Parse(frame);
        Assert.True(v.Kind == FrameKind.Malformed, why);
        Assert.True(v.Payload.IsEmpty || v.PayloadOffset + v.PayloadLength <= frame.Length, why);
    }

    [Fact]
    public void Should_parse_a_snaplen_cut_frame_up_to_the_captured_bytes()
    {
        byte[] full = TestFrames.Udp(new byte[200]);
        byte[] cut = full[..64];
        FrameView v = Parse(cut, wire: full.Length);
        Assert.True(v.IsSnaplenCut);
        Assert.Equal(FrameKind.Udp, v.Kind);
        Assert.Equal(64 - 42, v.PayloadLength);
    }

    [Fact]
    public void Should_never_read_outside_the_frame_for_any_prefix_of_a_frame()
    {
        byte[][] samples = [TestFrames.Udp(Payload, vlanIds: [1, 2]), TestFrames.Tcp(Payload, optionBytes: 4), TestFrames.Arp()];
        foreach (byte[] sample in samples)
        {
            for (int n = 0; n <= sample.Length; n++)
            {
                // The prefix ends where an inaccessible page starts: an over-read crashes.
                using var guarded = new GuardedBuffer(sample.AsSpan(0, n));
                FrameView v = FrameParser.Parse(guarded.Span, 0, n, 0, 0);
                if (v.PayloadOffset >= 0)
                {
                    Assert.InRange(v.PayloadOffset + v.PayloadLength, 0, n);
                }
            }
        }
    }

    [Fact]
    public void Should_give_the_general_parsers_result_on_the_fast_path_for_mutated_udp_frames()
    {
        // Parse takes a fast path for untagged, option-less, unfragmented IPv4 UDP; ParseAny
        // is the general parser. Frames near that shape (header bytes, lengths, the capture
        // and wire lengths mutated) must come out field for field the same from both.
        var random = new Random(20261206);
        int udp = 0, other = 0;
        for (int i = 0; i < 200_000; i++)
        {
            byte[] frame = TestFrames.Udp(new byte[random.Next(0, 40)], trailer: random.Next(0, 3) == 0 ? random.Next(1, 8) : 0);
            for (int m = random.Next(0, 4); m > 0; m--)
            {
                // Mostly the bytes the fast path tests (EtherType, version, lengths, flags,
                // protocol, UDP length), sometimes any header byte.
                int[] watched = [12, 13, 14, 16, 17, 20, 21, 23, 38, 39];
                int at = random.Next(0, 3) == 0 ? random.Next(0, 42) : watched[random.Next(watched.Length)];
                frame[at] = random.Next(0, 2) == 0 ? (byte)random.Next(256) : (byte)(frame[at] ^ (1 << random.Next(8)));
            }
            int length = random.Next(0, 4) == 0 ? random.Next(0, frame.Length + 1) : frame.Length;
            int wire = random.Next(0, 3) == 0 ? length + random.Next(1, 100) : length;
            ReadOnlySpan<byte> bytes = frame.AsSpan(0, length);

            FrameView fast = FrameParser.Parse(bytes, i, wire, 3, 2);
            FrameView general = FrameParser.ParseAny(bytes, i, wire, 3, 2, isEthernet: true);

            Assert.Equal(Describe(general), Describe(fast));
            Assert.True(fast.Payload.SequenceEqual(general.Payload), $"frame {i}: payloads differ");
            if (fast.Kind == FrameKind.Udp && fast.VlanCount == 0 && fast.L4Offset == 34)
            {
                udp++;
            }
            else
            {
                other++;
            }
        }
        // Both outcomes are well represented: the comparison covered the fast path and its refusals.
        Assert.True(udp > 20_000 && other > 20_000, $"{udp} fast-shaped UDP frames, {other} others");
    }

    private static string Describe(FrameView v) =>
        $"{v.Kind} vlans {v.VlanCount} {v.OuterVlanId} {v.InnerVlanId} type {v.EtherType} proto {v.IpProtocol} " +
        $"l3 {v.L3Offset} l4 {v.L4Offset} payload {v.PayloadOffset}+{v.PayloadLength} {v.SourceAddress}:{v.SourcePort} " +
        $"> {v.DestinationAddress}:{v.DestinationPort} len {v.Bytes.Length} wire {v.WireLength} ts {v.RxTimestampNs} {v.Port}/{v.Queue}";

    private static byte[] Patch(byte[] frame, int offset, params byte[] bytes)
    {
        byte[] copy = (byte[])frame.Clone();
        bytes.CopyTo(copy, offset);
        return copy;
    }
}
