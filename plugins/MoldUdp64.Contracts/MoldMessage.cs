namespace HftHost.MoldUdp64;

/// <summary>
/// One message of a MoldUDP64 session, delivered in sequence order with no gap and no
/// repeat (the MoldUDP64 plugin drops duplicates and reports gaps). The payload is the
/// frame's own bytes (or, for recovered messages, the plugin's buffer): valid only during
/// delivery. Threading: delivered on the poll thread.
/// </summary>
public readonly ref struct MoldMessage
{
    /// <summary>Creates a message event.</summary>
    /// <param name="session">The session.</param>
    /// <param name="sequence">Its sequence number.</param>
    /// <param name="payload">The message bytes.</param>
    /// <param name="rxTimestampNs">Receive time of the frame that carried it.</param>
    /// <param name="recovered">True when it came from a retransmission.</param>
    public MoldMessage(MoldSession session, ulong sequence, ReadOnlySpan<byte> payload, long rxTimestampNs, bool recovered)
    {
        Session = session;
        Sequence = sequence;
        Payload = payload;
        RxTimestampNs = rxTimestampNs;
        Recovered = recovered;
    }

    /// <summary>The session.</summary>
    public MoldSession Session { get; }

    /// <summary>Sequence number of this message.</summary>
    public ulong Sequence { get; }

    /// <summary>The message (for ITCH: the message type byte first).</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Receive time (ns since the Unix epoch) of the frame that carried it.</summary>
    public long RxTimestampNs { get; }

    /// <summary>True when delivered from a retransmission rather than the live feed.</summary>
    public bool Recovered { get; }
}
