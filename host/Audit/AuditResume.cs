namespace HftHost.Audit;

/// <summary>
/// Where a new run continues an existing trail: the last file, the last record's sequence
/// number and hash. An unfinished last line (a crash in the middle of a write) is cut off,
/// and said so in the trail, rather than left in the middle of the file where it would
/// read as damage.
/// </summary>
internal sealed record AuditResume(int FileIndex, string FilePath, ulong LastSequence, string LastHash, long TornBytes, ulong TornAfter)
{
    public static AuditResume Find(string first)
    {
        IReadOnlyList<(int Index, string Path)> files = AuditFileSet.Discover(first);
        if (files.Count == 0)
        {
            return new AuditResume(0, first, 0, AuditRecordFormat.GenesisHash, 0, 0);
        }
        (int lastIndex, string lastPath) = files[^1];
        long torn = CutUnfinishedLine(lastPath);
        // The last file may hold no record yet (a crash right after a rotation): the chain
        // then continues from the file before it.
        for (int i = files.Count - 1; i >= 0; i--)
        {
            if (ReadLastRecord(files[i].Path) is { } last)
            {
                return new AuditResume(lastIndex, lastPath, last.Sequence, last.Hash, torn, last.Sequence);
            }
        }
        return new AuditResume(lastIndex, lastPath, 0, AuditRecordFormat.GenesisHash, torn, 0);
    }

    private static long CutUnfinishedLine(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        long end = LastNewlineEnd(stream);
        long torn = stream.Length - end;
        if (torn > 0)
        {
            stream.SetLength(end);
            stream.Flush(flushToDisk: true);
        }
        return torn;
    }

    private static AuditRecord? ReadLastRecord(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        long end = LastNewlineEnd(stream);
        if (end == 0)
        {
            return null;
        }
        // The line before the final newline.
        long start = LastNewlineEnd(stream, before: end - 1);
        long length = end - 1 - start;
        if (length > AuditRecordFormat.MaxLineBytes)
        {
            throw new AuditException($"{path}: the last record is {length} bytes long, not a record this host writes; verify the trail ('hfthost audit verify') and start a new file");
        }
        byte[] line = new byte[length];
        stream.Position = start;
        stream.ReadExactly(line);
        AuditRecord? record = AuditRecordFormat.Parse(line, out string? problem);
        if (record is null || !record.HashMatches)
        {
            throw new AuditException(
                $"{path}: the last record cannot be continued ({problem ?? "hash mismatch"}); verify the trail ('hfthost audit verify') and start a new file");
        }
        return record;
    }

    // The offset just after the last '\n' at or before `before` (0 when there is none).
    private static long LastNewlineEnd(FileStream stream, long? before = null)
    {
        long position = before ?? stream.Length;
        byte[] block = new byte[4096];
        while (position > 0)
        {
            int size = (int)Math.Min(block.Length, position);
            position -= size;
            stream.Position = position;
            stream.ReadExactly(block, 0, size);
            int at = block.AsSpan(0, size).LastIndexOf((byte)'\n');
            if (at >= 0)
            {
                return position + at + 1;
            }
        }
        return 0;
    }
}
