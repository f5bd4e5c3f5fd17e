using HftHost.Tests.Support;

namespace HftHost.Tests.Generator;

/// <summary>A seed is a feed: the same seed gives the same bytes, another seed another feed.</summary>
public class GeneratorDeterminismTests
{
    private static string[] Outputs(TempDir dir, string name) =>
        [dir.File(name + ".pcap"), dir.File(name + ".json"), dir.File(name + ".VENUE01.itch"), dir.File(name + ".VENUE02.itch")];

    private static void Generate(TempDir dir, string name, ulong seed, params string[] extra)
    {
        Shell.Result r = GeneratedFeed.Run([
            "--venues", "2", "--symbols", "6", "--messages", "20000", "--seed", $"{seed}",
            "--out", dir.File(name + ".pcap"), "--truth", dir.File(name + ".json"), "--binaryfile", dir.File(name),
            "--gaps", "2", "--duplicates", "2", "--reorder", "2", .. extra]);
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    [Fact]
    public void Should_write_the_same_bytes_for_the_same_seed()
    {
        using var dir = new TempDir();
        Generate(dir, "a", 77);
        Generate(dir, "b", 77);

        foreach ((string a, string b) in Outputs(dir, "a").Zip(Outputs(dir, "b")))
        {
            Assert.True(File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b)), $"{a} and {b} differ");
        }
    }

    [Fact]
    public void Should_write_another_feed_for_another_seed()
    {
        using var dir = new TempDir();
        Generate(dir, "a", 77);
        Generate(dir, "b", 78);

        foreach ((string a, string b) in Outputs(dir, "a").Zip(Outputs(dir, "b")))
        {
            Assert.False(File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b)), $"{a} and {b} are the same");
        }
    }

    [Fact]
    public void Should_keep_the_messages_whatever_faults_are_asked_for()
    {
        // Faults come from their own random stream: asking for them changes the packets
        // on the wire, never the feed itself.
        using var dir = new TempDir();
        Generate(dir, "a", 5);
        Shell.Result r = GeneratedFeed.Run(
            "--venues", "2", "--symbols", "6", "--messages", "20000", "--seed", "5", "--out", dir.File("clean.pcap"), "--binaryfile", dir.File("clean"));
        Assert.True(r.ExitCode == 0, r.Stderr);

        foreach (string session in new[] { "VENUE01", "VENUE02" })
        {
            Assert.Equal(File.ReadAllBytes(dir.File($"a.{session}.itch")), File.ReadAllBytes(dir.File($"clean.{session}.itch")));
        }
    }
}
