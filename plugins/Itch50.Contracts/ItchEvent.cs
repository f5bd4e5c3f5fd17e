using HftHost.MoldUdp64;

namespace HftHost.Itch50;

/// <summary>
/// An ITCH message as the ITCH decoder plugin publishes it: the decoded message and where it
/// came from. A subscriber that keeps state per feed (an order book per session and stock
/// locate) keys on <see cref="Session"/>: stock locates and order references are only unique
/// within one session (one venue, one day). Subscribe to <c>ItchEvent&lt;AddOrder&gt;</c>,
/// <c>ItchEvent&lt;OrderExecuted&gt;</c>, ... for the types wanted; nothing is built for a type
/// nobody subscribes to.
/// Threading: immutable; delivered on the poll thread, by reference, valid during the call.
/// </summary>
/// <typeparam name="TMessage">One of the ITCH 5.0 message structs (<see cref="AddOrder"/>, ...).</typeparam>
public readonly struct ItchEvent<TMessage>
    where TMessage : struct
{
    /// <summary>Creates an event.</summary>
    /// <param name="session">MoldUDP64 session of the message.</param>
    /// <param name="sequence">Its MoldUDP64 sequence number.</param>
    /// <param name="rxTimestampNs">Receive time (ns since the Unix epoch) of the frame that carried it.</param>
    /// <param name="message">The decoded message.</param>
    public ItchEvent(MoldSession session, ulong sequence, long rxTimestampNs, in TMessage message)
    {
        Session = session;
        Sequence = sequence;
        RxTimestampNs = rxTimestampNs;
        Message = message;
    }

    /// <summary>MoldUDP64 session the message came in (which feed, which day).</summary>
    public MoldSession Session { get; }

    /// <summary>MoldUDP64 sequence number of the message: consecutive within <see cref="Session"/>.</summary>
    public ulong Sequence { get; }

    /// <summary>Receive time (ns since the Unix epoch) of the frame that carried the message.</summary>
    public long RxTimestampNs { get; }

    /// <summary>The decoded message; its <c>Timestamp</c> is the exchange's (ns since midnight).</summary>
    public TMessage Message { get; }
}
