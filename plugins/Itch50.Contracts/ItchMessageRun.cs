using HftHost.MoldUdp64;

namespace HftHost.Itch50;

/// <summary>
/// A packet's run of ITCH 5.0 messages as the ITCH decoder plugin passes it on, once per
/// MoldUDP64 packet after it has counted each message by type: for a subscriber that wants
/// most of what the feed carries (an order book) and decodes it straight into its own struct
/// visitor (<see cref="Decode"/>), where a typed <see cref="ItchEvent{TMessage}"/> per message
/// would cost a delivery each. The messages are the MoldUDP64 session's, in sequence, no gap
/// and no repeat; a message too short for its type or of a type ITCH 5.0 does not define is
/// counted by the decoder plugin and passed over by <see cref="Decode"/>.
/// Threading: delivered on the poll thread; the bytes are valid during delivery only.
/// </summary>
public readonly ref struct ItchMessageRun
{
    /// <summary>Wraps the MoldUDP64 messages the decoder read.</summary>
    /// <param name="messages">The run of MoldUDP64 messages, ITCH 5.0 each.</param>
    public ItchMessageRun(MoldMessageRun messages) => Messages = messages;

    /// <summary>The MoldUDP64 messages: session, first sequence number, count, receive time.</summary>
    public MoldMessageRun Messages { get; }

    /// <summary>MoldUDP64 session the messages came in (which feed, which day).</summary>
    public MoldSession Session => Messages.Session;

    /// <summary>Receive time (ns since the Unix epoch) of the frame that carried them.</summary>
    public long RxTimestampNs => Messages.RxTimestampNs;

    /// <summary>
    /// Decodes each message, in order, into <paramref name="visitor"/> (<see cref="ItchParser"/>:
    /// compiled for the struct visitor, every call direct). Never throws for bad bytes.
    /// </summary>
    /// <typeparam name="TVisitor">A struct visitor.</typeparam>
    /// <param name="visitor">Called once per well-formed message.</param>
    public void Decode<TVisitor>(ref TVisitor visitor)
        where TVisitor : struct, IItchVisitor
    {
        foreach (MoldMessage message in Messages)
        {
            ItchParser.Parse(message.Payload, ref visitor);
        }
    }
}
