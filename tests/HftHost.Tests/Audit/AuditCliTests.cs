using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using HftHost.Audit;
using HftHost.Tests.Support;

namespace HftHost.Tests.Audit;

/// <summary>The audit trail through the hfthost executable: verify's exit codes, a replay's gap records, a killed host.</summary>
public class AuditCliTests
{
    private static string Host => RepoPaths.Host;

    private static string FirstPartyPlugins => Path.Combine(RepoPaths.Root, "artifacts", "plugins");

    [Fact]
    public void Should_exit_0_on_an_intact_trail_1_naming_the_first_bad_record_and_2_on_bad_usage()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        AuditFiles.Write(path, records: 5);

        Shell.Result intact = Shell.Run(Host, ["audit", "verify", path]);
        Assert.Equal((0, ""), (intact.ExitCode, intact.Stderr));
        Assert.StartsWith("intact: 7 records in 1 file (audit.jsonl), records 1..7\nlast hash ", intact.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("ends with a clean close\n", intact.Stdout, StringComparison.Ordinal);

        string torn = dir.File("torn.jsonl");
        List<string> lines = AuditFiles.Lines(path);
        AuditFiles.WriteLines(torn, [.. lines.SkipLast(1), lines[^1][..50]]);
        Shell.Result tornTail = Shell.Run(Host, ["audit", "verify", torn]);
        Assert.Equal(0, tornTail.ExitCode);
        Assert.StartsWith("intact up to record 6 (torn.jsonl line 6), torn tail: 50 bytes", tornTail.Stdout, StringComparison.Ordinal);

        AuditFiles.ChangeByteInDetail(path, line: 3);
        Shell.Result bad = Shell.Run(Host, ["audit", "verify", path]);
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal($"BAD: {path} line 3, record 3: hash mismatch: the record's bytes are not the ones its hash was made of (changed after it was written)\n" +
            "intact up to record 2 (audit.jsonl line 2)\n", bad.Stdout);

        Shell.Result missing = Shell.Run(Host, ["audit", "verify", dir.File("nope.jsonl")]);
        Assert.Equal((2, "", $"hfthost: no such file: '{dir.File("nope.jsonl")}'\n"), (missing.ExitCode, missing.Stdout, missing.Stderr));
        Assert.Equal(2, Shell.Run(Host, ["audit", "verify"]).ExitCode);
        Assert.Equal(2, Shell.Run(Host, ["audit", "verify", dir.Path]).ExitCode);
        Shell.Result flushAlone = Shell.Run(Host, ["replay", path, "--audit-flush", "1s"]);
        Assert.Equal((2, "hfthost: --audit-flush and --audit-rotate need --audit FILE (or an audit section in the config)\n"), (flushAlone.ExitCode, flushAlone.Stderr));
        Shell.Result badSize = Shell.Run(Host, ["replay", path, "--audit", dir.File("x.jsonl"), "--audit-rotate", "12"]);
        Assert.Equal((2, "hfthost: --audit-rotate '12' is not a size of at least 4096 bytes such as 64M, 1G or 512K\n"), (badSize.ExitCode, badSize.Stderr));
    }

    [Fact]
    public void Should_record_exactly_one_feed_gap_per_gap_in_the_ground_truth_across_rotated_files()
    {
        using var dir = new TempDir();
        string pcap = dir.File("feed.pcap"), truth = dir.File("truth.json"), path = dir.File("audit.jsonl");
        Shell.Check(Host, "gen", "itch", "--venues", "3", "--symbols", "20", "--messages", "60000", "--seed", "11",
            "--gaps", "12", "--duplicates", "3", "--reorder", "3", "--out", pcap, "--truth", truth);

        Shell.Check(Host, "replay", pcap, "--plugins", FirstPartyPlugins, "--plugin", "MoldUdp64", "--no-watch",
            "--control", dir.File("c.sock"), "--audit", path, "--audit-rotate", "4K");

        using var ground = JsonDocument.Parse(File.ReadAllBytes(truth));
        var expected = ground.RootElement.GetProperty("faults").EnumerateArray()
            .Where(f => f.GetProperty("kind").GetString() == "gap")
            .Select(f => $"session={f.GetProperty("session").GetString()} first={f.GetProperty("first").GetUInt64()} count={f.GetProperty("count").GetUInt64()}")
            .Order(StringComparer.Ordinal).ToList();
        var recorded = AuditFiles.Records(path).Where(r => r.Category() == "feed.gap")
            .Select(r => Regex.Match(r.Detail(), "^(session=\\S+ first=\\d+ count=\\d+) queue=0 rx_ns=\\d+$").Groups[1].Value)
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(12, expected.Count);
        Assert.Equal(expected, recorded);
        Assert.True(AuditFileSet.Discover(path).Count > 1, "4K rotation should have made several files");
        Shell.Result verified = Shell.Run(Host, ["audit", "verify", path]);
        Assert.Equal(0, verified.ExitCode);
        Assert.Matches(@"^intact: \d+ records in \d+ files \(audit\.jsonl, audit\.jsonl\.1[,)]", verified.Stdout);
    }

    [Fact]
    public void When_the_host_is_killed_then_the_trail_verifies_up_to_its_last_flushed_record()
    {
        using var dir = new TempDir();
        string pcap = dir.File("feed.pcap"), path = dir.File("audit.jsonl");
        // About 70 s of feed with 150 gaps, replayed at 4x: gap records keep coming for ~17 s.
        Shell.Check(Host, "gen", "itch", "--venues", "2", "--symbols", "10", "--messages", "100000", "--seed", "7",
            "--gaps", "150", "--out", pcap);
        using Process host = Start(Host, "replay", pcap, "--pace", "x4", "--plugins", FirstPartyPlugins, "--plugin", "MoldUdp64",
            "--no-watch", "--control", dir.File("c.sock"), "--audit", path, "--audit-flush", "20ms");
        int seen;
        try
        {
            // Records flushed so far: complete lines already in the file.
            seen = WaitUntil(() => CompleteLines(path), atLeast: 12);
        }
        finally
        {
            host.Kill(); // SIGKILL: no handler runs, the writer stops wherever it is
            host.WaitForExit();
        }
        Assert.Equal(137, host.ExitCode);

        Shell.Result verified = Shell.Run(Host, ["audit", "verify", path]);
        Assert.True(verified.ExitCode == 0, verified.Stdout);
        var match = Regex.Match(verified.Stdout, @"^(?:intact: (\d+) records|intact up to record (\d+) \(audit\.jsonl line \d+\), torn tail: \d+ bytes)");
        Assert.True(match.Success, verified.Stdout);
        long records = long.Parse(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(records >= seen, $"{seen} records were in the file before the kill, verify found {records}");
        Assert.DoesNotContain(AuditFiles.Records(path), r => r.Category() == "audit.close");

        // The next run continues the same chain (cutting a torn tail, if there is one).
        string small = dir.File("small.pcap");
        Shell.Check(Host, "gen", "itch", "--venues", "1", "--symbols", "2", "--messages", "1000", "--seed", "1", "--out", small);
        Shell.Check(Host, "replay", small, "--audit", path);
        Shell.Result after = Shell.Run(Host, ["audit", "verify", path]);
        Assert.True(after.ExitCode == 0 && after.Stdout.StartsWith("intact: ", StringComparison.Ordinal), after.Stdout);
        Assert.EndsWith("ends with a clean close\n", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_record_the_path_and_sha256_of_the_config_a_listen_run_starts_with()
    {
        using var dir = new TempDir();
        string config = dir.File("listen.json"), path = dir.File("audit.jsonl");
        File.WriteAllText(config, "{\"port\": {\"backend\": \"afpacket\", \"interface\": \"lo\"}, \"duration\": \"200ms\"}");

        Shell.Check(Host, "listen", "--config", config, "--audit", path);

        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(config)));
        Assert.Equal(
            [("audit.open", null), ("config.change", $"run started with config {config} sha256={sha}"), ("audit.close", null)],
            AuditFiles.Records(path).Select(r => (r.Category(), r.Category() == "config.change" ? r.Detail() : null)));
    }

    private static int CompleteLines(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray().Count(b => b == (byte)'\n');
    }

    private static int WaitUntil(Func<int> count, int atLeast)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        int n;
        while ((n = count()) < atLeast)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {n} records were written in 60 s");
            Thread.Sleep(20);
        }
        return n;
    }

    private static Process Start(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        Process p = Process.Start(info)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}
