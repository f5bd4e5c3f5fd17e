using HftHost.Tests.Support;

namespace HftHost.Tests.Generator;

/// <summary><c>hfthost gen itch</c> refuses bad usage with one line and exit code 2, and leaves no file behind.</summary>
public class GeneratorCliTests
{
    public static TheoryData<string, string[], string> BadUsage() => new()
    {
        { "no venues", ["--venues", "0", "--symbols", "4", "--messages", "100", "--seed", "1"], "--venues 0" },
        { "too many venues", ["--venues", "255", "--symbols", "4", "--messages", "10000", "--seed", "1"], "--venues 255" },
        { "no symbols", ["--venues", "1", "--symbols", "0", "--messages", "100", "--seed", "1"], "--symbols 0" },
        { "negative messages", ["--venues", "1", "--symbols", "4", "--messages", "-5", "--seed", "1"], "--messages -5" },
        { "too few messages", ["--venues", "2", "--symbols", "4", "--messages", "11", "--seed", "1"], "--messages 11 must be 12" },
        { "messages not a number", ["--venues", "1", "--symbols", "4", "--messages", "lots", "--seed", "1"], "lots" },
        { "negative gaps", ["--venues", "1", "--symbols", "4", "--messages", "100", "--seed", "1", "--gaps", "-1"], "--gaps -1" },
        { "zero per packet", ["--venues", "1", "--symbols", "4", "--messages", "100", "--seed", "1", "--messages-per-packet", "0"], "--messages-per-packet 0" },
        { "unknown option", ["--venues", "1", "--symbols", "4", "--messages", "100", "--seed", "1", "--bogus"], "--bogus" },
        { "no seed", ["--venues", "1", "--symbols", "4", "--messages", "100"], "--seed" },
        { "more faults than packets", ["--venues", "1", "--symbols", "4", "--messages", "300", "--seed", "1", "--gaps", "50"], "faults" },
    };

    [Theory]
    [MemberData(nameof(BadUsage))]
    public void Should_refuse_bad_usage_with_one_line_and_exit_code_2(string why, string[] args, string mentions)
    {
        using var dir = new TempDir();
        string pcap = dir.File("out.pcap");

        Shell.Result r = GeneratedFeed.Run([.. args, "--out", pcap]);

        AssertOneLineUsageError(why, r, mentions);
        Assert.False(File.Exists(pcap), $"{why}: left {pcap} behind");
    }

    [Theory]
    [InlineData("/nonexistent-dir/feed.pcap", "--out")]
    [InlineData("/nonexistent-dir/feed.json", "--truth")]
    [InlineData("/nonexistent-dir/feed", "--binaryfile")]
    [InlineData("/tmp", "--out")]
    public void Should_refuse_an_output_it_cannot_write(string path, string option)
    {
        using var dir = new TempDir();
        string pcap = option == "--out" ? path : dir.File("out.pcap");
        string[] args = ["--venues", "1", "--symbols", "4", "--messages", "100", "--seed", "1", "--out", pcap];
        if (option != "--out")
        {
            args = [.. args, option, path];
        }

        Shell.Result r = GeneratedFeed.Run(args);

        AssertOneLineUsageError(option, r, $"cannot write '{path}");
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Should_report_a_full_disk_in_one_line_with_exit_code_1_and_leave_the_device_alone()
    {
        Shell.Result r = GeneratedFeed.Run("--venues", "2", "--symbols", "10", "--messages", "200000", "--seed", "1", "--out", "/dev/full");

        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Matches("^hfthost: writing the feed failed: [^\n]*\n?$", r.Stderr);
        Assert.True(File.Exists("/dev/full"), "the failed run deleted /dev/full");
    }

    [Fact]
    public void Should_say_what_it_wrote_on_stdout()
    {
        using var dir = new TempDir();

        Shell.Result r = GeneratedFeed.Run("--venues", "2", "--symbols", "3", "--messages", "5000", "--seed", "9", "--out", dir.File("f.pcap"), "--gaps", "2");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("", r.Stderr);
        Assert.Contains("5,000 ITCH messages from 2 venues", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("faults: 2 gaps, 0 duplicates, 0 reorders", r.Stdout, StringComparison.Ordinal);
    }

    private static void AssertOneLineUsageError(string why, Shell.Result r, string mentions)
    {
        Assert.True(r.ExitCode == 2, $"{why}: exit {r.ExitCode}, stderr: {r.Stderr}");
        string line = r.Stderr.TrimEnd('\n');
        Assert.True(!line.Contains('\n'), $"{why}: more than one line on stderr: {r.Stderr}");
        Assert.StartsWith("hfthost: ", line, StringComparison.Ordinal);
        Assert.Contains(mentions, line, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }
}
