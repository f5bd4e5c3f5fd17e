using HftHost.Generator;

namespace HftHost.Tests.Generator;

/// <summary>The generator streams: once the books have grown, a message costs no allocation.</summary>
public class GeneratorAllocationTests
{
    private static long AllocatedFor(long messages)
    {
        var settings = new GeneratorSettings { Venues = 2, Symbols = 20, Messages = messages, Seed = 11, Gaps = 3, Duplicates = 3, Reorders = 3 };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var feed = new FeedGenerator(settings, Stream.Null, _ => null);
        feed.Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, feed.UnplacedFaults);
        return allocated;
    }

    [Fact]
    public void Should_allocate_nothing_per_message()
    {
        AllocatedFor(200_000); // JIT and static set-up out of the way
        long small = AllocatedFor(200_000);
        long large = AllocatedFor(2_000_000);

        // 1.8 million more messages: even 8 bytes each would be 14 MB.
        Assert.True(large - small < 512 * 1024, $"200k messages allocated {small:N0} bytes, 2M allocated {large:N0}");
    }
}
