namespace HftHost.Audit;

/// <summary>The first place where a trail is not what its writer wrote.</summary>
/// <param name="File">The file (as given or found).</param>
/// <param name="Line">1-based line in that file (0: the file as a whole, e.g. missing).</param>
/// <param name="Sequence">The record's sequence number as written, when the line could be read.</param>
/// <param name="Expected">The sequence number that should be there.</param>
/// <param name="Problem">What is wrong, for a person.</param>
internal sealed record AuditBreak(string File, long Line, ulong? Sequence, ulong Expected, string Problem)
{
    public override string ToString() =>
        Line == 0
            ? $"{File}: {Problem}"
            : $"{File} line {Line}, {(Sequence is { } s ? $"record {s}" : $"where record {Expected} should be")}: {Problem}";
}
