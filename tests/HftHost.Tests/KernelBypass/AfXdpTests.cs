using System.Text.Json;
using HftHost.Tests.Support;

namespace HftHost.Tests.KernelBypass;

/// <summary>
/// The native AF_XDP backend through the hfthost CLI on a veth pair the test creates:
/// known frames in, the same number out, and no XDP program left on the interface.
/// </summary>
[Collection(KernelBypassCollection.Name)]
public sealed class AfXdpTests : IDisposable
{
    private const int FrameCount = 2000;
    private static readonly string Host = RepoPaths.Host;
    private readonly Veth _veth = new("hftx");
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        _veth.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Should_receive_every_frame_sent_into_a_veth_and_leave_no_xdp_program()
    {
        string capture = _dir.File("send.pcap");
        var writer = new PcapWriter();
        long bytes = 0;
        for (int i = 0; i < FrameCount; i++)
        {
            byte[] frame = TestFrames.Udp(new byte[8 + i % 1000], vlanIds: i % 3 == 0 ? [7] : null);
            bytes += frame.Length;
            writer.Add(i * 1000L, frame);
        }
        File.WriteAllBytes(capture, writer.ToArray());

        Task<Shell.Result> host = Task.Run(() => Shell.Run(Host,
            ["listen", "--afxdp", _veth.B, "--duration", "4s", "--json"], TimeSpan.FromMinutes(1)));
        WaitUntil(() => Veth.HasXdpProgram(_veth.B), TimeSpan.FromSeconds(10), "no XDP program was attached");
        Shell.Check("tcpreplay", "--quiet", "--topspeed", "-i", _veth.A, capture);
        Shell.Result r = await host;

        Assert.True(r.ExitCode == 0, r.Stderr);
        using JsonDocument json = JsonDocument.Parse(r.Stdout);
        Assert.Equal(FrameCount, json.RootElement.GetProperty("frames").GetInt64());
        Assert.Equal(bytes, json.RootElement.GetProperty("bytes").GetInt64());
        Assert.Equal(FrameCount, json.RootElement.GetProperty("protocols").GetProperty("udp").GetInt64());
        Assert.Equal("afxdp", json.RootElement.GetProperty("driver").GetString());
        Assert.False(Veth.HasXdpProgram(_veth.B), "an XDP program is still attached after hfthost exited");
    }

    [Fact]
    public void Should_remove_its_program_on_ctrl_c()
    {
        using var run = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Host)
        {
            ArgumentList = { "listen", "--afxdp", _veth.B, "--json" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        WaitUntil(() => Veth.HasXdpProgram(_veth.B), TimeSpan.FromSeconds(10), "no XDP program was attached");

        Shell.Check("kill", "-INT", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string report = run.StandardOutput.ReadToEnd();
        Assert.True(run.WaitForExit(10_000), "hfthost did not stop on SIGINT");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"interrupted\":true", report, StringComparison.Ordinal);
        Assert.False(Veth.HasXdpProgram(_veth.B), "the XDP program is still attached after Ctrl-C");
    }

    [Fact]
    public void Should_remove_the_program_a_killed_run_left_behind()
    {
        using var crashed = System.Diagnostics.Process.Start(Host, ["listen", "--afxdp", _veth.B]);
        WaitUntil(() => Veth.HasXdpProgram(_veth.B), TimeSpan.FromSeconds(10), "no XDP program was attached");
        crashed.Kill(); // SIGKILL: no chance to clean up
        crashed.WaitForExit();
        Assert.True(Veth.HasXdpProgram(_veth.B), "expected the killed run's program to be left behind");

        Shell.Result r = Shell.Run(Host, ["listen", "--afxdp", _veth.B, "--duration", "1s", "--json"]);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.False(Veth.HasXdpProgram(_veth.B), "the stale program is still attached");
    }

    [Fact]
    public void Should_name_a_missing_interface_and_exit_2()
    {
        Shell.Result r = Shell.Run(Host, ["listen", "--afxdp", "hftxnosuch0", "--duration", "1s"]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("hftxnosuch0", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("no such interface", r.Stderr, StringComparison.Ordinal);
    }

    private static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, what);
            Thread.Sleep(50);
        }
    }
}
