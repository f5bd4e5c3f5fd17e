namespace HftHost.Audit;

/// <summary>
/// Checks a trail record by record: each line must be a record of
/// <see cref="AuditRecordFormat"/>, its hash must match its bytes, its sequence number must
/// be the previous one plus one, and its <c>prev</c> the previous record's hash, across
/// files (a rotated file opens with an <c>audit.continued</c> record naming the file before).
/// Stops at the first bad record. An unfinished last line of the last file is a torn tail
/// (a crash in the middle of a write), reported as such and not as damage.
/// </summary>
internal static class AuditVerifier
{
    /// <summary>The trail whose first file is <paramref name="first"/>, with every rotated file found beside it.</summary>
    public static AuditVerifyResult VerifySet(string first) => Verify(AuditFileSet.Discover(first));

    /// <summary>These files, in this order, as one trail.</summary>
    public static AuditVerifyResult VerifyFiles(IReadOnlyList<string> files) =>
        Verify([.. files.Select((path, i) => (i, path))]);

    private static AuditVerifyResult Verify(IReadOnlyList<(int Index, string Path)> files)
    {
        var state = new State();
        for (int f = 0; f < files.Count; f++)
        {
            (int index, string path) = files[f];
            if (f > 0 && index != files[f - 1].Index + 1)
            {
                string missing = AuditFileSet.PathOf(files[0].Path, files[f - 1].Index + 1);
                return state.Result(files, new AuditBreak(
                    missing, 0, null, state.LastSequence + 1,
                    $"missing: {Path.GetFileName(files[f - 1].Path)} is followed by {Path.GetFileName(path)}, so the records between them are gone"));
            }
            if (CheckFile(path, f, files, state) is { } bad)
            {
                return state.Result(files, bad);
            }
        }
        return state.Result(files, null);
    }

    private static AuditBreak? CheckFile(string path, int position, IReadOnlyList<(int Index, string Path)> files, State state)
    {
        bool lastFile = position == files.Count - 1;
        string? previousFile = position == 0 ? null : Path.GetFileName(files[position - 1].Path);
        long lineNumber = 0;
        foreach (AuditLine line in AuditLine.Read(path))
        {
            lineNumber++;
            ulong expected = state.LastSequence + 1;
            if (!line.Terminated)
            {
                if (lastFile)
                {
                    state.TornBytes = line.Length;
                    return null;
                }
                return new AuditBreak(path, lineNumber, null, expected,
                    $"unfinished record ({line.Length} bytes without an end of line) at the end of a file that is not the trail's last");
            }
            if (line.Bytes is null)
            {
                return new AuditBreak(path, lineNumber, null, expected, $"not a record ({line.Length} bytes, longer than any record)");
            }
            AuditRecord? record = AuditRecordFormat.Parse(line.Bytes, out string? problem);
            if (record is null)
            {
                return new AuditBreak(path, lineNumber, null, expected, problem!);
            }
            if (Check(record, expected, state, lineNumber == 1 ? previousFile : null, isTrailStart: position == 0 && lineNumber == 1) is { } wrong)
            {
                return new AuditBreak(path, lineNumber, record.Sequence, expected, wrong);
            }
            state.Accept(record, path, lineNumber);
        }
        if (lineNumber == 0 && !lastFile)
        {
            return new AuditBreak(path, 0, null, state.LastSequence + 1, "empty, but a file follows it (a rotated file always opens with a record)");
        }
        return null;
    }

    // The order of the checks decides the message: a changed byte is a hash mismatch
    // (whatever it changed), a removed or moved record a sequence break, a record whose
    // content is its own but sits in someone else's chain a broken chain.
    private static string? Check(AuditRecord record, ulong expected, State state, string? opensFileAfter, bool isTrailStart)
    {
        if (!record.HashMatches)
        {
            return "hash mismatch: the record's bytes are not the ones its hash was made of (changed after it was written)";
        }
        if (isTrailStart && record.Sequence != 1)
        {
            return $"the trail does not start here: this file opens with record {record.Sequence} ({record.Category}: {record.Detail}); verify from the trail's first file";
        }
        if (record.Sequence != expected)
        {
            return record.Sequence > expected
                ? $"sequence gap: record {expected} should be here, found {record.Sequence} (records removed or moved)"
                : $"sequence out of order: record {expected} should be here, found {record.Sequence} (records moved or repeated)";
        }
        if (opensFileAfter is not null)
        {
            if (record.Category != AuditCategory.Continued || !record.Detail.StartsWith($"continues {opensFileAfter} ", StringComparison.Ordinal))
            {
                return $"broken chain across files: a rotated file must open with '{AuditCategory.Continued}' naming {opensFileAfter}, found '{record.Category}: {record.Detail}'";
            }
            if (record.Prev != state.LastHash)
            {
                return $"broken chain across files: prev is not the hash of record {state.LastSequence}, the last of {opensFileAfter}";
            }
        }
        if (record.Prev != state.LastHash)
        {
            return isTrailStart
                ? "broken chain: the trail's first record must have a prev of zeros"
                : $"broken chain: prev is not the hash of record {state.LastSequence}";
        }
        return null;
    }

    private sealed class State
    {
        public ulong LastSequence { get; private set; }

        public string LastHash { get; private set; } = AuditRecordFormat.GenesisHash;

        public long Records { get; private set; }

        public long TornBytes { get; set; }

        private string? _lastFile;
        private long _lastLine;
        private string? _lastCategory;

        public void Accept(AuditRecord record, string file, long line)
        {
            LastSequence = record.Sequence;
            LastHash = record.Hash;
            Records++;
            _lastFile = file;
            _lastLine = line;
            _lastCategory = record.Category;
        }

        public AuditVerifyResult Result(IReadOnlyList<(int Index, string Path)> files, AuditBreak? bad) => new()
        {
            Files = [.. files.Select(f => f.Path)],
            Records = Records,
            LastSequence = LastSequence,
            LastHash = LastHash,
            LastFile = _lastFile,
            LastLine = _lastLine,
            EndsWithClose = _lastCategory == AuditCategory.Close,
            Break = bad,
            TornBytes = bad is null ? TornBytes : 0,
        };
    }
}
