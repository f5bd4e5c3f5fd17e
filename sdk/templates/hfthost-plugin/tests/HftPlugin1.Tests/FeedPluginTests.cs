using HftHost.Sdk.Testing;

namespace HftPlugin1.Tests;

public class FeedPluginTests
{
    private const string Group = "233.54.12.111";
    private const int Port = 26477;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Group"] = Group,
        ["Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public void ClaimsTheDatagramsOfItsFeedAndPublishesAnEventForEach()
    {
        using var harness = new PluginTestHarness(new FeedPlugin(), Settings);
        var packets = new List<FeedPacket>();
        harness.Subscribe<FeedPacket>(packets.Add);

        ReplayResult mine = harness.Feed(UdpFrame.To(Group, Port, [1, 2, 3]), rxTimestampNs: 1_000);
        ReplayResult other = harness.Feed(UdpFrame.To(Group, Port + 1, [4, 5]), rxTimestampNs: 2_000);

        Assert.Equal(1, mine.Claimed["feed"]);
        Assert.Equal(1, other.Unclaimed);
        Assert.Equal(0, mine.Faults + other.Faults);
        Assert.Equal([new FeedPacket(0, 3, 1_000)], packets);
    }

    [Fact]
    public void HandsItsCountersToTheNextVersion()
    {
        using var old = new PluginTestHarness(new FeedPlugin(), Settings);
        old.Feed(UdpFrame.To(Group, Port, [1, 2, 3]), 1_000);
        old.Feed(UdpFrame.To(Group, Port, [4]), 2_000);

        using var next = new PluginTestHarness(new FeedPlugin(), Settings);
        next.ImportState(old.ExportState());
        next.Feed(UdpFrame.To(Group, Port, [5, 6]), 3_000);

        Assert.Equal(StateOf(datagrams: 3, bytes: 6), next.ExportState());
    }

    [Fact]
    public void RefusesToLoadWithoutAFeedOrAPort()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new PluginTestHarness(new FeedPlugin()));
        Assert.Contains("set Feed, or Port", ex.Message, StringComparison.Ordinal);
    }

    // To replay a capture: harness.Replay("data/feed.pcap") returns the same counts, and
    // FileError tells where a truncated or damaged file stopped.
    private static byte[] StateOf(long datagrams, long bytes)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(1);
            writer.Write(datagrams);
            writer.Write(bytes);
        }
        return stream.ToArray();
    }
}
