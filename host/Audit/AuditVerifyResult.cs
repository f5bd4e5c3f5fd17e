using System.Text;

namespace HftHost.Audit;

/// <summary>What <see cref="AuditVerifier"/> found in a trail.</summary>
internal sealed record AuditVerifyResult
{
    /// <summary>The files read, in chain order.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>Records that check out (all of them when intact).</summary>
    public long Records { get; init; }

    public ulong LastSequence { get; init; }

    public string LastHash { get; init; } = AuditRecordFormat.GenesisHash;

    /// <summary>Where the last good record is.</summary>
    public string? LastFile { get; init; }

    public long LastLine { get; init; }

    /// <summary>The last good record is a clean close.</summary>
    public bool EndsWithClose { get; init; }

    /// <summary>The first bad record, or null.</summary>
    public AuditBreak? Break { get; init; }

    /// <summary>Bytes of an unfinished last line (a write cut short by a crash); not damage.</summary>
    public long TornBytes { get; init; }

    public bool Intact => Break is null;

    /// <summary>What <c>hfthost audit verify</c> prints.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        string files = Files.Count == 1 ? $"1 file ({Path.GetFileName(Files[0])})" : $"{Files.Count} files ({string.Join(", ", Files.Select(Path.GetFileName))})";
        if (Break is { } bad)
        {
            text.AppendLine($"BAD: {bad}");
            text.AppendLine(Records == 0
                ? "no record before it checks out"
                : $"intact up to record {LastSequence} ({Path.GetFileName(LastFile)} line {LastLine})");
            return text.ToString();
        }
        if (TornBytes > 0)
        {
            text.AppendLine(Records == 0
                ? $"intact up to the start, torn tail: {TornBytes} bytes of an unfinished first record in {files} (a write cut short, e.g. by a crash)"
                : $"intact up to record {LastSequence} ({Path.GetFileName(LastFile)} line {LastLine}), torn tail: {TornBytes} bytes of an unfinished record after it (a write cut short, e.g. by a crash); {Records} records in {files}");
        }
        else
        {
            text.AppendLine($"intact: {Records} records in {files}, records {(Records == 0 ? "none" : $"1..{LastSequence}")}");
        }
        text.AppendLine($"last hash {LastHash}");
        if (Records > 0 && TornBytes == 0)
        {
            text.AppendLine(EndsWithClose
                ? "ends with a clean close"
                : $"no closing record after record {LastSequence}: the writer is still running, or stopped without closing");
        }
        return text.ToString();
    }
}
