using System.Text.Json;
using HftHost.Tests.Support;

namespace HftHost.Tests.Cli;

/// <summary>The hfthost executable as users run it: exit codes, stderr lines, JSON reports.</summary>
public class CliTests
{
    private static readonly string Host = RepoPaths.Host;
    private static readonly string Bundled = Path.Combine(RepoPaths.TestData, "nasdaq-itch50-moldudp64.pcap");

    private static Shell.Result Run(params string[] args) => Shell.Run(Host, args);

    public static TheoryData<string, string[], string> BadInput() => new()
    {
        { "unknown option", ["replay", Bundled, "--bogus"], "--bogus" },
        { "no command", [], "command" },
        { "unknown command", ["replya", Bundled], "replya" },
        { "missing file", ["replay", "/nonexistent/capture.pcap"], "no such file" },
        { "directory", ["replay", "/tmp"], "directory" },
        { "bad pace word", ["replay", Bundled, "--pace", "fast"], "--pace 'fast'" },
        { "zero pace", ["replay", Bundled, "--pace", "x0"], "--pace 'x0'" },
        { "loop below 1", ["replay", Bundled, "--loop", "0"], "--loop 0" },
        { "loop not a number", ["replay", Bundled, "--loop", "many"], "many" },
        { "ring not a power of two", ["replay", Bundled, "--ring", "1000"], "--ring 1000" },
        { "bad max gap", ["replay", Bundled, "--pace", "x1", "--max-gap", "0ms"], "--max-gap '0ms'" },
        { "listen without a source", ["listen"], "--afpacket" },
        { "missing interface", ["listen", "--afpacket", "nosuchif0", "--duration", "1s"], "no such interface" },
        { "bad duration", ["listen", "--afpacket", "lo", "--duration", "soon"], "--duration 'soon'" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Should_refuse_bad_input_with_one_line_and_exit_code_2(string why, string[] args, string mentions)
    {
        Shell.Result r = Run(args);
        Assert.True(r.ExitCode == 2, $"{why}: exit {r.ExitCode}, stderr: {r.Stderr}");
        string line = r.Stderr.TrimEnd('\n');
        Assert.True(!line.Contains('\n'), $"{why}: more than one line on stderr: {r.Stderr}");
        Assert.StartsWith("hfthost: ", line, StringComparison.Ordinal);
        Assert.Contains(mentions, line, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("garbage")]
    [InlineData("header cut short")]
    public void Should_refuse_a_file_that_is_not_a_capture(string kind)
    {
        using var dir = new TempDir();
        string path = dir.File(kind.Replace(' ', '-'));
        byte[] content = kind switch
        {
            "empty" => [],
            "garbage" => "GET / HTTP/1.1\r\nHost: example\r\n\r\n"u8.ToArray(),
            _ => [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0], // pcap magic, then the file ends
        };
        File.WriteAllBytes(path, content);

        Shell.Result r = Run("replay", path);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(path, r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Should_report_the_bundled_capture_as_json()
    {
        Shell.Result r = Run("replay", Bundled, "--json", "--loop", "3");

        Assert.True(r.ExitCode == 0, r.Stderr);
        using JsonDocument json = JsonDocument.Parse(r.Stdout);
        JsonElement root = json.RootElement;
        Assert.Equal(3 * 29, root.GetProperty("frames").GetInt64());
        Assert.Equal(3 * 37_368, root.GetProperty("bytes").GetInt64());
        JsonElement protocols = root.GetProperty("protocols");
        Assert.Equal(3 * 29, protocols.GetProperty("eth").GetInt64());
        Assert.Equal(3 * 29, protocols.GetProperty("udp").GetInt64());
        Assert.Equal(0, protocols.GetProperty("tcp").GetInt64());
        Assert.Equal(0, root.GetProperty("errors").GetProperty("malformed").GetInt64());
        Assert.Equal(0, root.GetProperty("errors").GetProperty("unconsumed").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("truncation").GetProperty("source_error").ValueKind);
        Assert.True(root.GetProperty("frames_per_s").GetDouble() > 0);
        long bursts = root.GetProperty("bursts").GetInt64();
        Assert.InRange(bursts, (3 * 29 + 31) / 32, 3 * 29);
        Assert.Equal(Math.Round(3 * 29.0 / bursts, 2), root.GetProperty("frames_per_burst").GetDouble());
        Assert.InRange(root.GetProperty("empty_poll_share").GetDouble(), 0.0, 1.0);
        Assert.InRange(root.GetProperty("busy_share").GetDouble(), 0.0, 1.0);
        Assert.True(root.GetProperty("busy_ns_per_frame").GetDouble() > 0);
        Assert.Equal(0, root.GetProperty("exit_code").GetInt32());
    }

    [Fact]
    public void Should_report_the_truncated_iex_capture_and_exit_1()
    {
        Shell.Result r = Run("replay", RepoPaths.IexExample, "--json");

        Assert.Equal(1, r.ExitCode);
        using JsonDocument json = JsonDocument.Parse(r.Stdout);
        Assert.Equal(2, json.RootElement.GetProperty("frames").GetInt64());
        JsonElement error = json.RootElement.GetProperty("truncation").GetProperty("source_error");
        Assert.Equal(3480, error.GetProperty("offset").GetInt64());
        Assert.Contains("1532", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("offset 3480", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_print_the_figures_for_people_without_json()
    {
        Shell.Result r = Run("replay", Bundled);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("frames", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("eth 29  vlan 0  ipv4 29  udp 29  tcp 0  other 0", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("frames/s", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_listen_on_an_interface_until_the_duration_ends()
    {
        Shell.Result r = Run("listen", "--afpacket", "lo", "--duration", "300ms", "--json");

        Assert.True(r.ExitCode == 0, r.Stderr);
        using JsonDocument json = JsonDocument.Parse(r.Stdout);
        Assert.True(json.RootElement.GetProperty("interrupted").GetBoolean());
        Assert.True(json.RootElement.GetProperty("elapsed_s").GetDouble() >= 0.3);
        Assert.Equal("afpacket", json.RootElement.GetProperty("backend").GetString());
    }
}
