namespace HftHost.MoldUdp64;

/// <summary>What happened to the sequence of a session (one event per occurrence).</summary>
public enum MoldSessionEventKind
{
    /// <summary>Messages <see cref="MoldSessionEvent.First"/>..+<see cref="MoldSessionEvent.Count"/>-1 were skipped by the feed.</summary>
    Gap,

    /// <summary>A packet repeated messages already delivered (Count of them, from First).</summary>
    Duplicate,

    /// <summary>A packet arrived after later ones: its messages filled (part of) an earlier gap, from First.</summary>
    OutOfOrder,

    /// <summary>A gap was filled by a retransmission (Count messages from First).</summary>
    Recovered,

    /// <summary>A heartbeat (no messages); First is the next sequence number the server will send.</summary>
    Heartbeat,

    /// <summary>The server ended the session; First is its next sequence number.</summary>
    EndOfSession,

    /// <summary>A packet that is not valid MoldUDP64 (short header, a message block past its end).</summary>
    Malformed,
}

/// <summary>
/// A sequence event of a MoldUDP64 session, for feed-quality analytics and reports.
/// Threading: immutable; delivered on the poll thread.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Session">The session.</param>
/// <param name="First">First sequence number concerned.</param>
/// <param name="Count">How many messages.</param>
/// <param name="RxTimestampNs">Receive time of the frame that showed it.</param>
public readonly record struct MoldSessionEvent(MoldSessionEventKind Kind, MoldSession Session, ulong First, ulong Count, long RxTimestampNs);
