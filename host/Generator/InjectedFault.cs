namespace HftHost.Generator;

/// <summary>
/// One fault in the capture. <see cref="First"/>..<see cref="Last"/> are the sequence
/// numbers of the packet it was done to; for a reorder, <see cref="SwappedFirst"/>..
/// <see cref="SwappedLast"/> are those of the session's next packet, sent before it.
/// </summary>
/// <param name="Kind">What was done.</param>
/// <param name="Venue">The venue whose session the packet belongs to.</param>
/// <param name="First">First sequence number in the packet.</param>
/// <param name="Last">Last sequence number in the packet.</param>
/// <param name="SwappedFirst">Reorder: first sequence number of the packet sent ahead of it; otherwise 0.</param>
/// <param name="SwappedLast">Reorder: last sequence number of the packet sent ahead of it; otherwise 0.</param>
/// <param name="FramesLater">Duplicate: how many frames (any venue) came between the packet and its copy.</param>
internal sealed record InjectedFault(
    FaultKind Kind, VenueEndpoint Venue, ulong First, ulong Last, ulong SwappedFirst = 0, ulong SwappedLast = 0, int FramesLater = 0)
{
    /// <summary>Messages in the packet.</summary>
    public ulong Count => Last - First + 1;
}
