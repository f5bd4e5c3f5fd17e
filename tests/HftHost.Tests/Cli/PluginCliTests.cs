using System.Diagnostics;
using System.Text.Json;
using HftHost.Tests.Support;

namespace HftHost.Tests.Cli;

/// <summary>Plugins through the hfthost executable: --plugins, the control channel, hot reload by file drop and by command.</summary>
[Collection(nameof(HftHost.Tests.Plugins.PluginReloadCollection))]
public class PluginCliTests
{
    private static readonly string Host = RepoPaths.Host;
    private static readonly string Bundled = Path.Combine(RepoPaths.TestData, "nasdaq-itch50-moldudp64.pcap");

    [Fact]
    public void Should_report_what_each_plugin_claimed_in_the_replay_json()
    {
        using var plugins = new TestPlugins("TickPublisher", "TickSubscriber", "CountingPlugin");

        string json = Shell.Check(Host, "replay", Bundled, "--json", "--plugins", plugins.PluginDirectory,
            "--plugin", "CountingPlugin", "--plugin", "TickSubscriber", "--control", plugins.File("c.sock"));

        using var doc = JsonDocument.Parse(json);
        JsonElement[] loaded = [.. doc.RootElement.GetProperty("plugins").EnumerateArray()];
        Assert.Equal(["CountingPlugin", "TickSubscriber"], loaded.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(29, loaded[0].GetProperty("frames_claimed").GetInt64());
        Assert.Equal("count <- all frames", loaded[0].GetProperty("bindings")[0].GetString());
        Assert.Equal(0, doc.RootElement.GetProperty("unclaimed_frames").GetInt64());
        Assert.False(File.Exists(plugins.File("c.sock")), "the control socket outlived the host");
    }

    [Theory]
    [InlineData("MismatchPlugin", "plugin MismatchPlugin was built for HftHost SDK 2.0")]
    [InlineData("NoSuchPlugin", "plugin NoSuchPlugin: no folder")]
    public void Should_refuse_a_plugin_that_cannot_load_with_one_line_and_exit_code_2(string plugin, string message)
    {
        using var plugins = new TestPlugins("MismatchPlugin");

        Shell.Result r = Shell.Run(Host, ["replay", Bundled, "--plugins", plugins.PluginDirectory, "--plugin", plugin, "--control", plugins.File("c.sock")]);

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("hfthost: " + message, r.Stderr.Split('\n').Last(l => l.Length > 0), StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Should_reload_a_plugin_dropped_in_its_folder_and_on_command_while_replaying()
    {
        using var plugins = new TestPlugins("CountingPlugin");
        string socket = plugins.File("control.sock");
        string capture = plugins.File("paced.pcap");
        WritePacedCapture(capture, frames: 2000, gapMicros: 1000); // 2 s per pass
        using Process host = Start(Host, "replay", capture, "--pace", "x1", "--loop", "15", "--json",
            "--plugins", plugins.PluginDirectory, "--control", socket);
        try
        {
            WaitUntil(() => File.Exists(socket) && List(socket) is [{ } p] && p.GetProperty("frames_claimed").GetInt64() > 0);

            plugins.Deploy("CountingPlugin", version: 2); // a new build dropped in
            WaitUntil(() => List(socket)[0].GetProperty("generation").GetInt32() == 2);
            Assert.StartsWith("2.0.0", List(socket)[0].GetProperty("version").GetString(), StringComparison.Ordinal);

            string reloaded = Shell.Check(Host, "plugins", "reload", "CountingPlugin", "--control", socket);
            Assert.StartsWith("plugin CountingPlugin: generation 2 -> 3 (2.0.0", reloaded, StringComparison.Ordinal);
            Assert.Contains("old version collected", reloaded, StringComparison.Ordinal);
            string listed = Shell.Check(Host, "plugins", "list", "--control", socket);
            Assert.StartsWith("CountingPlugin 2.0.0 (SDK 1.0, generation 3, 2 reloads): running", listed, StringComparison.Ordinal);

            Shell.Result missing = Shell.Run(Host, ["plugins", "reload", "Nope", "--control", socket]);
            Assert.Equal((1, "hfthost: no plugin 'Nope' is loaded (loaded: CountingPlugin)\n"), (missing.ExitCode, missing.Stderr));
        }
        finally
        {
            Shell.Check("kill", "-INT", host.Id.ToString());
        }
        Assert.True(host.WaitForExit(30_000), "the host did not stop on SIGINT");
        using var report = JsonDocument.Parse(host.StandardOutput.ReadToEnd());
        JsonElement plugin = report.RootElement.GetProperty("plugins")[0];
        Assert.True(report.RootElement.GetProperty("interrupted").GetBoolean());
        // Every frame the host took in reached one of the three versions, exactly once.
        Assert.Equal(report.RootElement.GetProperty("frames").GetInt64(), plugin.GetProperty("frames_claimed").GetInt64());
        Assert.Equal((2, 3), (plugin.GetProperty("reloads").GetInt32(), plugin.GetProperty("generation").GetInt32()));
        Assert.False(File.Exists(socket));
    }

    private static JsonElement[] List(string socket)
    {
        Shell.Result r = Shell.Run(Host, ["plugins", "list", "--json", "--control", socket]);
        return r.ExitCode == 0 ? [.. JsonDocument.Parse(r.Stdout).RootElement.EnumerateArray()] : [];
    }

    private static void WritePacedCapture(string path, int frames, long gapMicros)
    {
        var writer = new PcapWriter(nanosecond: false);
        for (int i = 0; i < frames; i++)
        {
            writer.Add(i * gapMicros * 1000, TestFrames.Udp(payload: BitConverter.GetBytes((ulong)i)));
        }
        File.WriteAllBytes(path, writer.ToArray());
    }

    private static Process Start(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        Process p = Process.Start(info)!;
        p.ErrorDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        return p;
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the host did not get there in 20 s");
            Thread.Sleep(50);
        }
    }
}
