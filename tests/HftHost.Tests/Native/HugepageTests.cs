using HftHost.Native;

namespace HftHost.Tests.Native;

/// <summary>Rings go into 2 MiB hugepages when the machine has free ones, and say why not when not.</summary>
public class HugepageTests
{
    [Fact]
    public void Should_use_hugepages_when_free_and_explain_how_to_enable_them_when_not()
    {
        long free = FreeHugepages();
        using NativePort port = NativePort.Open(new PortSettings { Backend = PortBackend.Generator, GeneratorFrames = 1 });
        if (free >= 1)
        {
            Assert.True(port.OnHugepages, $"{free} free hugepages, yet the ring is on normal pages: {port.HugepageNote}");
            Assert.Equal("", port.HugepageNote);
        }
        else
        {
            Assert.False(port.OnHugepages);
            Assert.Contains("echo 512 > /proc/sys/vm/nr_hugepages", port.HugepageNote, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_keep_rings_on_normal_pages_when_told_to()
    {
        using NativePort port = NativePort.Open(new PortSettings { Backend = PortBackend.Generator, NoHugepages = true });
        Assert.False(port.OnHugepages);
        Assert.Contains("disabled", port.HugepageNote, StringComparison.Ordinal);
    }

    private static long FreeHugepages()
    {
        string line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("HugePages_Free:", StringComparison.Ordinal));
        return long.Parse(line["HugePages_Free:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
