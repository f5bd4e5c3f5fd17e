namespace HftHost.Sdk.Testing;

/// <summary>
/// Why a capture file stopped before its end: truncated (the file ends inside a header or a
/// packet) or corrupt (a length, magic or version that cannot be right). Every whole packet
/// before <see cref="Offset"/> was delivered.
/// Threading: immutable; safe from any thread.
/// </summary>
/// <param name="Offset">Byte offset in the file of the header, record or block that could not be read.</param>
/// <param name="Reason">One line saying what was wrong, naming the offset and the lengths involved.</param>
public sealed record CaptureError(long Offset, string Reason)
{
    /// <summary>The <see cref="Reason"/>.</summary>
    public override string ToString() => Reason;
}
