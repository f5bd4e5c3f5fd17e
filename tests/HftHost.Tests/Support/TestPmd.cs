using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HftHost.Tests.Support;

/// <summary>
/// dpdk-testpmd (Debian's dpdk-dev) in interactive mode, driven through stdin: the
/// reference traffic generator and oracle of the kernel-bypass tests. Always --no-pci and
/// its own --file-prefix; killed and its hugepage files removed on dispose.
/// </summary>
internal sealed partial class TestPmd : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _prefix;

    /// <param name="cpu">The CPU both of testpmd's lcores (main, forwarding) run on.</param>
    /// <param name="vdev">The --vdev argument, e.g. net_memif0,role=server,socket=...</param>
    /// <param name="appArgs">testpmd application arguments after "--" (besides -i).</param>
    public TestPmd(int cpu, string vdev, params string[] appArgs)
    {
        _prefix = "hft-tp-" + Guid.NewGuid().ToString("N")[..8];
        // stdbuf: testpmd's stdout is a pipe here, which C stdio would buffer in 4 KiB
        // blocks; the test reads its replies line by line as they come.
        var info = new ProcessStartInfo("stdbuf")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-oL", "dpdk-testpmd", "--lcores", $"0@{cpu},1@{cpu}", "--no-pci", "--file-prefix", _prefix, "--huge-unlink", "--vdev", vdev, "--", "-i", "--total-num-mbufs=16384" }.Concat(appArgs))
        {
            info.ArgumentList.Add(a);
        }
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            // Without a terminal testpmd prints no prompt; this line ends its start-up.
            WaitFor("Checking link statuses", TimeSpan.FromSeconds(30), "testpmd did not start");
        }
        catch
        {
            Dispose(); // the caller never gets the object to dispose
            throw;
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Sends one interactive command.</summary>
    public void Send(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits until port 0 reports its link up (the memif peer connected).</summary>
    public void WaitForLinkUp(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            int mark = Output.Length;
            Send("show port info 0");
            Thread.Sleep(300);
            string reply = Output[mark..];
            if (reply.Contains("Link status: up", StringComparison.Ordinal))
            {
                return;
            }
        }
        throw new TimeoutException($"testpmd's link never came up:\n{Output}");
    }

    /// <summary>"stop" and the TX-packets / RX-packets it reports for all ports.</summary>
    public (long Tx, long Rx) Stop()
    {
        int mark = Output.Length;
        Send("stop");
        WaitFor("Done.", TimeSpan.FromSeconds(10), "testpmd did not stop", mark);
        string stats = Output[mark..];
        // The accumulated block for all ports comes last.
        long tx = LastNumber(TxPackets().Matches(stats));
        long rx = LastNumber(RxPackets().Matches(stats));
        return (tx, rx);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Send("quit");
                if (!_process.WaitForExit(5000))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit();
                }
            }
        }
        finally
        {
            _process.Dispose();
            foreach (string file in Directory.GetFiles("/dev/hugepages", _prefix + "*"))
            {
                File.Delete(file);
            }
            string runtime = Path.Combine("/var/run/dpdk", _prefix);
            if (Directory.Exists(runtime))
            {
                Directory.Delete(runtime, recursive: true);
            }
        }
    }

    private void WaitFor(string text, TimeSpan timeout, string what, int from = 0)
    {
        var clock = Stopwatch.StartNew();
        while (!Output[from..].Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || clock.Elapsed > timeout)
            {
                throw new InvalidOperationException($"{what}:\n{Output}");
            }
            Thread.Sleep(50);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static long LastNumber(MatchCollection matches) =>
        matches.Count == 0 ? -1 : long.Parse(matches[^1].Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"TX-packets:\s+(\d+)")]
    private static partial Regex TxPackets();

    [GeneratedRegex(@"RX-packets:\s+(\d+)")]
    private static partial Regex RxPackets();
}
