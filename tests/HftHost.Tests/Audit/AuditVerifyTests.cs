using HftHost.Audit;
using HftHost.Tests.Support;

namespace HftHost.Tests.Audit;

/// <summary>
/// Verify on real trails written by <see cref="AuditTrail"/>: intact, and the first bad
/// record named after the edits a tamperer (or a crash) makes.
/// </summary>
public class AuditVerifyTests
{
    [Fact]
    public void Should_verify_an_intact_trail_with_every_record_and_a_clean_close()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        AuditFiles.Write(path, records: 20);

        AuditVerifyResult result = AuditVerifier.VerifySet(path);

        Assert.True(result.Intact, result.Describe());
        Assert.Equal((22L, 22UL, 0L, true), (result.Records, result.LastSequence, result.TornBytes, result.EndsWithClose));
        Assert.StartsWith("intact: 22 records in 1 file (audit.jsonl), records 1..22", result.Describe(), StringComparison.Ordinal);
        List<string> categories = [.. AuditFiles.Records(path).Select(r => r.Category())];
        Assert.Equal(["audit.open", .. Enumerable.Repeat("test.event", 20), "audit.close"], categories);
        Assert.Equal(AuditFiles.Records(path)[^1].GetProperty("hash").GetString(), result.LastHash);
    }

    [Fact]
    public void When_one_byte_of_a_record_is_changed_then_verify_names_that_record_as_a_hash_mismatch()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        AuditFiles.Write(path, records: 20);
        AuditFiles.ChangeByteInDetail(path, line: 7);

        AuditVerifyResult result = AuditVerifier.VerifySet(path);

        Assert.False(result.Intact);
        Assert.Equal((path, 7L, (ulong?)7), (result.Break!.File, result.Break.Line, result.Break.Sequence));
        Assert.StartsWith("hash mismatch", result.Break.Problem, StringComparison.Ordinal);
        Assert.Equal((6L, 6UL), (result.Records, result.LastSequence));
        Assert.StartsWith("BAD: " + path + " line 7, record 7: hash mismatch", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_record_is_removed_then_verify_names_the_record_after_the_hole()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        AuditFiles.Write(path, records: 20);
        List<string> lines = AuditFiles.Lines(path);
        lines.RemoveAt(9); // line 10, record 10
        AuditFiles.WriteLines(path, lines);

        AuditBreak bad = AuditVerifier.VerifySet(path).Break!;

        Assert.Equal((10L, (ulong?)11, 10UL), (bad.Line, bad.Sequence, bad.Expected));
        Assert.StartsWith("sequence gap: record 10 should be here, found 11", bad.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void When_two_records_are_swapped_then_verify_names_the_first_of_them()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        AuditFiles.Write(path, records: 20);
        List<string> lines = AuditFiles.Lines(path);
        (lines[4], lines[5]) = (lines[5], lines[4]); // records 5 and 6
        AuditFiles.WriteLines(path, lines);

        AuditBreak bad = AuditVerifier.VerifySet(path).Break!;

        Assert.Equal((5L, (ulong?)6, 5UL), (bad.Line, bad.Sequence, bad.Expected));
        Assert.StartsWith("sequence gap: record 5 should be here, found 6", bad.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_last_record_is_moved_to_the_front_then_verify_says_the_trail_does_not_start_there()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        AuditFiles.Write(path, records: 3);
        List<string> lines = AuditFiles.Lines(path);
        AuditFiles.WriteLines(path, [lines[^1], .. lines.SkipLast(1)]);

        AuditBreak bad = AuditVerifier.VerifySet(path).Break!;

        Assert.Equal((1L, (ulong?)5), (bad.Line, bad.Sequence));
        Assert.StartsWith("the trail does not start here", bad.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_forged_record_has_a_valid_hash_but_the_wrong_prev_then_verify_reports_a_broken_chain()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        AuditFiles.Write(path, records: 5);
        List<string> lines = AuditFiles.Lines(path);
        // A record rewritten with a hash of its own that checks out, but chained to nothing.
        (byte[] forged, _) = AuditRecordFormat.Format(4, DateTime.UtcNow, "test.event", "forged", new string('1', 64));
        lines[3] = System.Text.Encoding.UTF8.GetString(forged);
        AuditFiles.WriteLines(path, lines);

        AuditBreak bad = AuditVerifier.VerifySet(path).Break!;

        Assert.Equal((4L, (ulong?)4), (bad.Line, bad.Sequence));
        Assert.Equal("broken chain: prev is not the hash of record 3", bad.Problem);
    }

    [Fact]
    public void When_the_last_line_is_unfinished_then_verify_reports_a_torn_tail_not_damage()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        AuditFiles.Write(path, records: 5);
        List<string> lines = AuditFiles.Lines(path);
        AuditFiles.WriteLines(path, [.. lines.SkipLast(1), lines[^1][..40]]); // the close record cut mid-write

        AuditVerifyResult result = AuditVerifier.VerifySet(path);

        Assert.True(result.Intact, result.Describe());
        Assert.Equal((6UL, 40L), (result.LastSequence, result.TornBytes));
        Assert.StartsWith($"intact up to record 6 (audit.jsonl line 6), torn tail: 40 bytes of an unfinished record", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_run_continues_a_trail_cut_by_a_crash_then_the_unfinished_record_is_cut_and_recorded()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        AuditFiles.Write(path, records: 3);
        List<string> lines = AuditFiles.Lines(path);
        AuditFiles.WriteLines(path, [.. lines.SkipLast(1), lines[^1][..25]]);

        AuditFiles.Write(path, records: 2); // the next run

        AuditVerifyResult result = AuditVerifier.VerifySet(path);
        Assert.True(result.Intact && result.TornBytes == 0, result.Describe());
        var records = AuditFiles.Records(path);
        Assert.Equal(
            ["audit.open", "test.event", "test.event", "test.event", "audit.open", "audit.recovered", "test.event", "test.event", "audit.close"],
            records.Select(r => r.Category()));
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (ulong)i), records.Select(r => r.Seq()));
        Assert.StartsWith("cut 25 bytes of an unfinished record after record 4 in audit.jsonl", records[5].Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_follow_the_chain_across_rotated_files_and_name_a_missing_middle_file()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        AuditFiles.Write(path, records: 120, rotateBytes: 4096);
        IReadOnlyList<(int Index, string Path)> files = AuditFileSet.Discover(path);
        Assert.True(files.Count >= 4, $"{files.Count} files");
        Assert.Equal(Enumerable.Range(0, files.Count), files.Select(f => f.Index));

        AuditVerifyResult result = AuditVerifier.VerifySet(path);
        Assert.True(result.Intact, result.Describe());
        // Every file after the first opens by naming the one before and its last record.
        long records = 0;
        for (int i = 0; i < files.Count; i++)
        {
            var lines = AuditFiles.Lines(files[i].Path);
            if (i > 0)
            {
                var first = System.Text.Json.JsonDocument.Parse(lines[0]).RootElement;
                Assert.Equal(("audit.continued", $"continues {Path.GetFileName(files[i - 1].Path)} after record {records}"), (first.Category(), first.Detail()));
            }
            records += lines.Count;
        }
        Assert.Equal(120 + 2 + files.Count - 1, records);
        Assert.Equal(records, result.Records);
        Assert.Equal(result.Records, AuditVerifier.VerifyFiles([.. files.Select(f => f.Path)]).Records);

        File.Delete(files[2].Path);
        AuditVerifyResult missing = AuditVerifier.VerifySet(path);
        Assert.Equal((files[2].Path, 0L), (missing.Break!.File, missing.Break.Line));
        Assert.StartsWith($"missing: audit.jsonl.1 is followed by audit.jsonl.3", missing.Break.Problem, StringComparison.Ordinal);

        // The same hole when the files are listed by hand: the chain breaks at the file after it.
        AuditBreak listed = AuditVerifier.VerifyFiles([files[0].Path, files[1].Path, files[3].Path]).Break!;
        Assert.Equal((files[3].Path, 1L), (listed.File, listed.Line));
        Assert.StartsWith("sequence gap", listed.Problem, StringComparison.Ordinal);

        // A later file on its own is not a trail.
        AuditBreak alone = AuditVerifier.VerifyFiles([files[3].Path]).Break!;
        Assert.StartsWith("the trail does not start here: this file opens with record", alone.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_run_continues_a_rotated_trail_then_it_writes_on_in_the_last_file()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        AuditFiles.Write(path, records: 60, rotateBytes: 4096);
        int filesBefore = AuditFileSet.Discover(path).Count;

        AuditFiles.Write(path, records: 3, rotateBytes: 4096);

        AuditVerifyResult result = AuditVerifier.VerifySet(path);
        Assert.True(result.Intact, result.Describe());
        var opens = AuditFiles.Records(path).Where(r => r.Category() == "audit.open").ToList();
        Assert.Equal(2, opens.Count);
        Assert.Contains($"opened the trail at audit.jsonl.{filesBefore - 1};", opens[1].Detail(), StringComparison.Ordinal);
        Assert.Equal(2, AuditFiles.Records(path).Count(r => r.Category() == "audit.close"));
    }

    [Fact]
    public void When_the_last_record_of_an_existing_trail_is_damaged_then_a_new_run_refuses_to_continue_it()
    {
        using var dir = new TempDir();
        string path = dir.File("audit.jsonl");
        AuditFiles.Write(path, records: 3);
        AuditFiles.ChangeByteInDetail(path, line: 5);

        var error = Assert.Throws<AuditException>(() => AuditTrail.Open(new AuditSettings { Path = path }));

        Assert.Equal($"{path}: the last record cannot be continued (hash mismatch); verify the trail ('hfthost audit verify') and start a new file", error.Message);
    }
}
