using HftHost.Sdk;
using HftHost.Sdk.Testing;
using HftHost.Tests.Support;

namespace HftHost.Tests.Filter;

/// <summary>
/// Traffic with a known mix for the filter tests: a feed from <c>hfthost gen itch</c> (3 venues,
/// MoldUDP64 to 233.54.12.1-3 ports 26401-26403) with hand-made frames interleaved: VLAN-tagged
/// UDP, TCP from a private network, UDP from 192.168.0.0/16, ARP. Written as one pcap.
/// Generated once per test class.
/// </summary>
public sealed class FilterTraffic : IDisposable
{
    private readonly TempDir _dir = new();

    public FilterTraffic()
    {
        string feed = _dir.File("feed.pcap");
        Shell.Result r = Shell.Run(RepoPaths.Host, ["gen", "itch", "--venues", "3", "--symbols", "10", "--messages", "30000", "--seed", "3", "--out", feed]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var frames = new List<(long Ns, byte[] Bytes)>();
        using (CaptureReader reader = CaptureReader.Open(feed))
        {
            while (reader.TryRead(out CapturedFrame frame))
            {
                frames.Add((frame.TimestampNs, frame.Bytes.ToArray()));
            }
        }
        FeedFrames = frames.Count;
        byte[] notMold = [1, 2, 3];
        var extra = new List<byte[]>();
        for (int i = 0; i < 50; i++)
        {
            extra.Add(TestFrames.Udp(notMold, vlanIds: [100], destination: 0xE9360C01, destinationPort: 26401));
        }
        for (int i = 0; i < 30; i++)
        {
            extra.Add(TestFrames.Tcp(notMold, sourcePort: (ushort)(5000 + i), destinationPort: 443)); // 10.0.0.1 -> 10.0.0.2
        }
        for (int i = 0; i < 20; i++)
        {
            extra.Add(TestFrames.Udp(notMold, source: 0xC0A80105, destination: 0xE9360C01, destinationPort: 26401));
        }
        for (int i = 0; i < 10; i++)
        {
            extra.Add(TestFrames.Arp());
        }
        ExtraFrames = extra.Count;
        var pcap = new PcapWriter(nanosecond: true);
        int step = frames.Count / extra.Count;
        for (int i = 0, e = 0; i < frames.Count; i++)
        {
            pcap.Add(frames[i].Ns, frames[i].Bytes);
            if (i % step == step - 1 && e < extra.Count)
            {
                pcap.Add(frames[i].Ns, extra[e++]);
            }
        }
        Pcap = _dir.File("mix.pcap");
        File.WriteAllBytes(Pcap, pcap.ToArray());
        FeedPcap = feed;
    }

    /// <summary>The feed and the hand-made frames.</summary>
    public string Pcap { get; }

    /// <summary>The feed alone.</summary>
    public string FeedPcap { get; }

    public int FeedFrames { get; }

    public int ExtraFrames { get; }

    /// <summary>Every frame of <paramref name="pcap"/>, parsed, with a <paramref name="visit"/> per frame.</summary>
    public static void Each(string pcap, FrameVisitor visit)
    {
        using CaptureReader reader = CaptureReader.Open(pcap);
        while (reader.TryRead(out CapturedFrame captured))
        {
            FrameView frame = FrameParser.Parse(captured.Bytes, captured.TimestampNs, captured.WireLength, 0, 0, captured.IsEthernet);
            visit(in frame);
        }
    }

    public delegate void FrameVisitor(in FrameView frame);

    public void Dispose() => _dir.Dispose();
}
