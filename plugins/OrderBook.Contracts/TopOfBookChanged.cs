using HftHost.Itch50;
using HftHost.MoldUdp64;

namespace HftHost.OrderBook;

/// <summary>
/// The best bid or offer of one instrument at one venue changed (price or shares): published by
/// the OrderBook plugin after the ITCH message that changed it, once per message, never when a
/// message leaves the top as it was. A side with no order has price 0 and shares 0.
/// Threading: immutable; delivered on the poll thread, by reference, valid during the call.
/// </summary>
public readonly struct TopOfBookChanged
{
    /// <summary>Creates an event.</summary>
    /// <param name="session">The venue: the MoldUDP64 session of the message.</param>
    /// <param name="stockLocate">The instrument's locate code within the session.</param>
    /// <param name="symbol">The instrument's symbol (from the directory or its first order).</param>
    /// <param name="bid">Best bid now: price (1/10,000) and shares at it; both 0 when none.</param>
    /// <param name="ask">Best offer now: price (1/10,000) and shares at it; both 0 when none.</param>
    /// <param name="timestamp">ITCH timestamp (ns since midnight) of the message that changed it.</param>
    /// <param name="rxTimestampNs">Receive time (ns since the Unix epoch) of the frame that carried the message.</param>
    public TopOfBookChanged(MoldSession session, ushort stockLocate, StockSymbol symbol, Quote bid, Quote ask, long timestamp, long rxTimestampNs)
    {
        Session = session;
        StockLocate = stockLocate;
        Symbol = symbol;
        Bid = bid;
        Ask = ask;
        Timestamp = timestamp;
        RxTimestampNs = rxTimestampNs;
    }

    /// <summary>The venue: the MoldUDP64 session the message came in.</summary>
    public MoldSession Session { get; }

    /// <summary>The instrument's locate code (unique within <see cref="Session"/> only).</summary>
    public ushort StockLocate { get; }

    /// <summary>The instrument's symbol: the same on every venue, what consolidates books across them.</summary>
    public StockSymbol Symbol { get; }

    /// <summary>Best bid now (<see cref="Quote.IsEmpty"/> when no buy order rests).</summary>
    public Quote Bid { get; }

    /// <summary>Best offer now (<see cref="Quote.IsEmpty"/> when no sell order rests).</summary>
    public Quote Ask { get; }

    /// <summary>ITCH timestamp of the message that changed the top: ns since midnight, venue time.</summary>
    public long Timestamp { get; }

    /// <summary>Receive time (ns since the Unix epoch) of the frame that carried the message.</summary>
    public long RxTimestampNs { get; }
}
