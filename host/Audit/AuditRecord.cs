namespace HftHost.Audit;

/// <summary>One record as read back from a trail file (see <see cref="AuditRecordFormat"/>).</summary>
/// <param name="Sequence">1 for the trail's first record, one more for each after it, across files.</param>
/// <param name="Time">When it was appended (UTC, microseconds).</param>
/// <param name="Category">What kind of record (see <see cref="AuditCategory"/>).</param>
/// <param name="Detail">What happened, for a person.</param>
/// <param name="Prev">The previous record's hash (zeros for the first record of the trail).</param>
/// <param name="Hash">The hash written in the record.</param>
/// <param name="HashMatches">Whether <paramref name="Hash"/> is the SHA-256 of the record's bytes.</param>
internal sealed record AuditRecord(ulong Sequence, DateTime Time, string Category, string Detail, string Prev, string Hash, bool HashMatches);
