using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using HftHost.Audit;
using HftHost.MoldUdp64;
using HftHost.Tests.Support;

namespace HftHost.Tests.Audit;

/// <summary>The writer: many threads, a full queue, the poll-thread path, the config record.</summary>
public class AuditTrailTests
{
    [Fact]
    public void Should_write_every_record_appended_from_several_threads_in_one_unbroken_chain()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        const int threads = 4, each = 5000;
        AuditTrail trail = AuditTrail.Open(new AuditSettings { Path = path, QueueCapacity = 1 << 16, FlushInterval = TimeSpan.FromMilliseconds(20) });
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            for (int i = 0; i < each; i++)
            {
                trail.Append("test.event", $"thread {t} record {i}");
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        trail.Dispose();

        Assert.Equal(0, trail.Lost);
        AuditVerifyResult result = AuditVerifier.VerifySet(path);
        Assert.True(result.Intact, result.Describe());
        Assert.Equal(threads * each + 2, result.Records);
        var details = AuditFiles.Records(path).Where(r => r.Category() == "test.event").Select(r => r.Detail()).ToList();
        Assert.Equal(threads * each, details.Distinct().Count());
        // Each thread's records stay in the order it appended them.
        for (int t = 0; t < threads; t++)
        {
            var mine = details.Where(d => d.StartsWith($"thread {t} ", StringComparison.Ordinal)).Select(d => int.Parse(d.Split(' ')[3], CultureInfo.InvariantCulture));
            Assert.Equal(Enumerable.Range(0, each), mine);
        }
    }

    [Fact]
    public void When_the_queue_is_full_then_appends_are_counted_and_the_count_is_recorded_when_space_returns()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        // The writer is held back: the queue (16 records, one taken by the open record) fills.
        AuditTrail trail = AuditTrail.OpenHeld(new AuditSettings { Path = path, QueueCapacity = 16 });
        for (int i = 1; i <= 100; i++)
        {
            trail.Append("test.event", $"event {i}");
        }
        Assert.Equal((15L, 85L), (trail.Appended - 1, trail.Lost));

        trail.ResumeWriter();
        // The open record, 15 events, the loss record: then there is room again.
        Assert.True(SpinWait.SpinUntil(() => trail.Written == 17, TimeSpan.FromSeconds(30)), $"written {trail.Written}");
        trail.Append("test.event", "after the loss");
        trail.Dispose();

        AuditVerifyResult result = AuditVerifier.VerifySet(path);
        Assert.True(result.Intact, result.Describe());
        var records = AuditFiles.Records(path);
        Assert.Equal(
            ["audit.open", .. Enumerable.Repeat("test.event", 15), "audit.lost", "test.event", "audit.close"],
            records.Select(r => r.Category()));
        Assert.Equal(Enumerable.Range(1, 15).Select(i => $"event {i}"), records.Skip(1).Take(15).Select(r => r.Detail()));
        Assert.Equal("85 records lost: the queue (16 records) was full; 85 lost in this run", records[16].Detail());
        Assert.Equal("after the loss", records[17].Detail());
        Assert.Equal("closed cleanly; this run appended 17 records and lost 85", records[18].Detail());
    }

    [Fact]
    public void Should_record_a_feed_gap_from_the_poll_thread_without_allocating()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        const int gaps = 10_000;
        var session = MoldSession.FromText("VENUE01");
        using (AuditTrail trail = AuditTrail.Open(new AuditSettings { Path = path, QueueCapacity = 1 << 15 }))
        {
            var auditor = new FeedGapAuditor(trail, queue: 0);
            var warmUp = new MoldSessionEvent(MoldSessionEventKind.Gap, session, 1, 1, 0);
            auditor.OnEvent(in warmUp);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < gaps; i++)
            {
                var gap = new MoldSessionEvent(MoldSessionEventKind.Gap, session, 100 + (ulong)i * 10, 3, 1_000 + i);
                auditor.OnEvent(in gap);
                var heartbeat = new MoldSessionEvent(MoldSessionEventKind.Heartbeat, session, 0, 0, i);
                auditor.OnEvent(in heartbeat); // not a gap: not recorded
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, allocated);
            Assert.Equal(0, trail.Lost);
        }
        var recorded = AuditFiles.Records(path).Where(r => r.Category() == "feed.gap").Select(r => r.Detail()).ToList();
        Assert.Equal(gaps + 1, recorded.Count);
        Assert.Equal("session=VENUE01 first=190 count=3 queue=0 rx_ns=1009", recorded[10]);
    }

    [Fact]
    public void Should_record_the_config_file_a_run_starts_with_by_path_and_sha256()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        string config = dir.File("venues.yaml");
        File.WriteAllText(config, "port:\n  backend: afpacket\n");
        using (AuditTrail trail = AuditTrail.Open(new AuditSettings { Path = path }))
        {
            trail.RecordConfig(config);
        }

        var record = AuditFiles.Records(path).Single(r => r.Category() == "config.change");
        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(config)));
        Assert.Equal($"run started with config {config} sha256={sha}", record.Detail());
    }

    [Fact]
    public void When_a_trail_is_being_written_then_a_second_writer_is_refused_until_the_first_closes()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        using (AuditTrail first = AuditTrail.Open(new AuditSettings { Path = path }))
        {
            var error = Assert.Throws<AuditException>(() => AuditTrail.Open(new AuditSettings { Path = path }));
            Assert.Equal($"audit file '{path}' is being written by another process (it holds {path}.lock)", error.Message);
        }
        AuditTrail.Open(new AuditSettings { Path = path }).Dispose();

        Assert.True(AuditVerifier.VerifySet(path).Intact);
        Assert.Equal(4, AuditVerifier.VerifySet(path).Records); // two runs, each opened and closed
    }

    [Fact]
    public void Should_refuse_a_category_that_is_not_a_category_name()
    {
        using var dir = new TempDir();
        using AuditTrail trail = AuditTrail.Open(new AuditSettings { Path = dir.File("audit.jsonl") });

        Assert.Throws<ArgumentException>(() => trail.Append("Filter Action", "x"));
        Assert.Throws<ArgumentException>(() => trail.Append("", "x"));
    }

    [Fact]
    public void Should_write_records_a_person_can_read_with_utc_microsecond_times()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        using (AuditTrail trail = AuditTrail.Open(new AuditSettings { Path = path }))
        {
            trail.Append("plugin.reload", "Counting 1.0.0 (generation 1) -> 2.0.0 (generation 2), \"quoted\" and naïve");
        }

        string line = AuditFiles.Lines(path)[1];
        Assert.Matches(new Regex("""^\{"seq":2,"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z","category":"plugin\.reload","detail":"Counting 1\.0\.0 \(generation 1\) -> 2\.0\.0 \(generation 2\), \\"quoted\\" and naïve","prev":"[0-9a-f]{64}","hash":"[0-9a-f]{64}"\}\n$"""), line);
    }
}
