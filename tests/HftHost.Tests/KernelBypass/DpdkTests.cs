using System.Text.Json;
using HftHost.Tests.Support;

namespace HftHost.Tests.KernelBypass;

/// <summary>
/// The DPDK backend against real DPDK: dpdk-testpmd as memif server and traffic oracle,
/// net_pcap against the file replay backend, and the errors a user meets. hfthost runs as
/// its own process (DPDK's EAL starts once per process). Needs root and hugepages
/// (./test.sh sets both up).
/// </summary>
[Collection(KernelBypassCollection.Name)]
public class DpdkTests
{
    private static readonly string Host = RepoPaths.Host;

    private static string Eal(string vdev) =>
        $"--no-pci --file-prefix hft-t-{Guid.NewGuid().ToString("N")[..8]} --vdev {vdev}";

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public async Task Should_count_every_frame_testpmd_sends_over_memif(int queues, bool fromConfigFile)
    {
        using var dir = new TempDir();
        string socket = Path.Combine(Path.GetTempPath(), $"hft-memif-{Guid.NewGuid():N}.sock");
        using var testpmd = new TestPmd(
            cpu: 0, $"net_memif0,role=server,socket={socket},socket-abstract=no",
            $"--rxq={queues}", $"--txq={queues}", "--txpkts=64");
        testpmd.Send("set fwd txonly");
        string cores = queues == 1 ? "1" : "0,1";
        string eal = Eal($"net_memif0,role=client,socket={socket},socket-abstract=no");
        string[] args = ["listen", "--dpdk", eal, "--port", "net_memif0", "--queues", queues.ToString(), "--cores", cores];
        if (fromConfigFile)
        {
            // The same port from a config file: one poll thread per queue, pinned.
            string config = dir.File("listen.yaml");
            File.WriteAllText(config, $"port:\n  backend: dpdk\n  eal: \"{eal}\"\n  device: net_memif0\n  queues: {queues}\n  cores: [{cores}]\n");
            args = ["listen", "--config", config];
        }
        Task<Shell.Result> host = Task.Run(() => Shell.Run(Host, [.. args, "--duration", "8s", "--json", "--verbose"], TimeSpan.FromMinutes(1)));
        testpmd.WaitForLinkUp(TimeSpan.FromSeconds(20));

        // A bounded burst of traffic: testpmd's own TX counter is the oracle.
        testpmd.Send("start");
        Thread.Sleep(1000);
        (long sent, _) = testpmd.Stop();
        Shell.Result r = await host;

        Assert.True(r.ExitCode == 0, r.Stderr);
        using JsonDocument json = JsonDocument.Parse(r.Stdout);
        Assert.True(sent > 100_000, $"testpmd sent only {sent} frames:\n{testpmd.Output}");
        Assert.Equal(sent, json.RootElement.GetProperty("frames").GetInt64());
        Assert.Equal(queues, json.RootElement.GetProperty("queues").GetInt32());
        Assert.Equal(sent, json.RootElement.GetProperty("protocols").GetProperty("udp").GetInt64());
        Assert.Equal("tsc", json.RootElement.GetProperty("timestamps").GetString());
        Assert.True(json.RootElement.GetProperty("tsc_hz").GetInt64() > 100_000_000, "the TSC calibration is reported");
        Assert.Equal(0, json.RootElement.GetProperty("errors").GetProperty("ring_full_drops").GetInt64());
        foreach (string cpu in cores.Split(','))
        {
            Assert.Contains($"poll thread pinned to CPU {cpu}", r.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_see_through_net_pcap_the_same_frames_as_the_file_replay()
    {
        using var dir = new TempDir();
        string path = dir.File("mixed.pcap");
        var writer = new PcapWriter(nanosecond: true);
        for (int i = 0; i < 3000; i++)
        {
            byte[] frame = (i % 4) switch
            {
                0 => TestFrames.Udp(BitConverter.GetBytes(i)),
                1 => TestFrames.Udp(new byte[i % 900], vlanIds: [10, 20]),
                2 => TestFrames.Tcp(new byte[i % 300]),
                _ => TestFrames.Arp(),
            };
            writer.Add(1_600_000_000_000_000_000L + i * 1000L, frame);
        }
        File.WriteAllBytes(path, writer.ToArray());

        Shell.Result replay = Shell.Run(Host, ["replay", path, "--json"]);
        Shell.Result dpdk = Shell.Run(Host,
        [
            "listen", "--dpdk", Eal($"net_pcap0,rx_pcap={path}"), "--port", "net_pcap0", "--duration", "3s", "--json",
        ], TimeSpan.FromMinutes(1));

        Assert.True(replay.ExitCode == 0, replay.Stderr);
        Assert.True(dpdk.ExitCode == 0, dpdk.Stderr);
        using JsonDocument a = JsonDocument.Parse(replay.Stdout);
        using JsonDocument b = JsonDocument.Parse(dpdk.Stdout);
        Assert.Equal(3000, b.RootElement.GetProperty("frames").GetInt64());
        Assert.Equal(a.RootElement.GetProperty("bytes").GetInt64(), b.RootElement.GetProperty("bytes").GetInt64());
        Assert.Equal(
            a.RootElement.GetProperty("protocols").GetRawText(), b.RootElement.GetProperty("protocols").GetRawText());
        Assert.Equal("net_pcap", b.RootElement.GetProperty("driver").GetString());
    }

    public static TheoryData<string, string[], string> Refusals() => new()
    {
        { "no hugetlbfs where EAL looks", ["--dpdk", "--no-pci --file-prefix hft-t-nohuge --huge-dir /tmp --vdev net_null0", "--port", "net_null0"], "mount -t hugetlbfs" },
        { "EAL refusing its arguments", ["--dpdk", "--no-pci --file-prefix hft-t-bad --no-such-eal-flag", "--port", "net_null0"], "EAL" },
        { "no --no-pci or allow-list", ["--dpdk", "--file-prefix hft-t-pci --vdev net_null0", "--port", "net_null0"], "--no-pci" },
        { "unknown device", ["--dpdk", "--no-pci --file-prefix hft-t-dev --vdev net_null0", "--port", "net_nosuch9"], "net_nosuch9" },
        { "missing --port", ["--dpdk", "--no-pci --file-prefix hft-t-np --vdev net_null0"], "--port" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Should_refuse_with_one_line_naming_the_cause_and_exit_2(string why, string[] args, string mentions)
    {
        Shell.Result r = Shell.Run(Host, ["listen", .. args, "--duration", "1s"], TimeSpan.FromMinutes(1));

        Assert.True(r.ExitCode == 2, $"{why}: exit {r.ExitCode}: {r.Stderr}");
        string[] lines = r.Stderr.TrimEnd('\n').Split('\n').Where(l => l.StartsWith("hfthost: ", StringComparison.Ordinal)).ToArray();
        Assert.True(lines.Length == 1, $"{why}: {r.Stderr}");
        Assert.Contains(mentions, lines[0], StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles("/dev/hugepages", "hft-t-*"));
    }
}
