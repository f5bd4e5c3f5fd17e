namespace HftPlugin1;

/// <summary>
/// Published for each datagram the decoder claims. Events are structs, delivered by
/// reference on the poll thread. To share an event type with other plugins, move it to an
/// assembly named *.Contracts that they all reference.
/// </summary>
/// <param name="Sequence">Datagrams claimed before this one.</param>
/// <param name="PayloadLength">UDP payload bytes.</param>
/// <param name="RxTimestampNs">Receive time, ns since the Unix epoch.</param>
public readonly record struct FeedPacket(long Sequence, int PayloadLength, long RxTimestampNs);
