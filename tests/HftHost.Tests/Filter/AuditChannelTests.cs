using HftHost.Sdk;

namespace HftHost.Tests.Filter;

/// <summary>The SDK's audit channel: a bounded ring, one writer (the poll thread), one reader (the host).</summary>
public class AuditChannelTests
{
    [Fact]
    public void Should_hand_records_to_the_reader_in_order_with_their_time_and_cut_long_details()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 4, 0, 0, TimeSpan.Zero));
        var channel = new AuditChannel("PacketFilter", 2, clock, capacity: 8);
        string longDetail = new('x', AuditChannel.MaxDetailLength + 10);

        Assert.True(channel.TryRecord("filter", "first"));
        clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.True(channel.TryRecord("config", "second"));
        Assert.True(channel.TryRecord("filter", longDetail));
        var drained = new List<AuditEntry>();
        Assert.Equal(3, channel.Drain(drained.Add));

        Assert.Equal(["first", "second", longDetail[..AuditChannel.MaxDetailLength]], drained.Select(e => e.Detail));
        Assert.Equal(["filter", "config", "filter"], drained.Select(e => e.Category));
        Assert.Equal([false, false, true], drained.Select(e => e.Truncated));
        Assert.Equal(TimeSpan.FromMilliseconds(5), drained[1].Timestamp - drained[0].Timestamp);
        Assert.All(drained, e => Assert.Equal(("PacketFilter", 2), (e.PluginName, e.Queue)));
        Assert.Equal(0, channel.Pending);
    }

    [Fact]
    public void Should_refuse_and_count_records_when_full_and_take_them_again_once_drained()
    {
        var channel = new AuditChannel("p", 0, TimeProvider.System, capacity: 4);
        for (int i = 0; i < 4; i++)
        {
            Assert.True(channel.TryRecord("filter", $"r{i}"));
        }

        Assert.False(channel.TryRecord("filter", "r4"));
        Assert.False(channel.TryRecord("filter", "r5"));
        Assert.Equal(2, channel.Dropped);
        Assert.True(channel.TryDrain(out AuditEntry oldest));
        Assert.Equal("r0", oldest.Detail);
        Assert.True(channel.TryRecord("filter", "r6"));
        var rest = new List<string>();
        channel.Drain(e => rest.Add(e.Detail));
        Assert.Equal(["r1", "r2", "r3", "r6"], rest);
    }

    [Fact]
    public void Should_not_allocate_per_record()
    {
        var channel = new AuditChannel("p", 0, TimeProvider.System, capacity: 1024);
        ReadOnlySpan<char> detail = "rule drop-private drop udp 10.1.2.3:1234 > 233.54.12.1:26477";
        for (int i = 0; i < 2000; i++) // warm up (JIT tiers), and fill: refusals are on the same path
        {
            channel.TryRecord("filter", detail);
        }
        channel.Drain(_ => { });

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            channel.TryRecord("filter", detail);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1024, channel.Pending);
        Assert.Equal(100_000 - 1024 + 2000 - 1024, channel.Dropped);
    }

    [Fact]
    public void Should_deliver_every_record_once_and_in_order_to_a_reader_on_another_thread()
    {
        var channel = new AuditChannel("p", 0, TimeProvider.System, capacity: 64);
        var read = new List<string>();
        var done = new ManualResetEventSlim();
        var reader = new Thread(() =>
        {
            while (!done.IsSet || channel.Pending > 0)
            {
                channel.Drain(e => read.Add(e.Detail));
            }
        });
        reader.Start();
        var written = new List<string>();
        for (int i = 0; i < 50_000; i++)
        {
            string detail = $"record {i}";
            if (channel.TryRecord("filter", detail))
            {
                written.Add(detail);
            }
        }
        done.Set();
        reader.Join();

        Assert.Equal(written, read);
        Assert.Equal(50_000 - written.Count, channel.Dropped);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
