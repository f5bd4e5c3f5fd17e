using HftHost.Itch50;
using HftHost.MoldUdp64;
using HftHost.OrderBook;
using HftHost.Plugins.OrderBook;
using HftHost.Sdk.Testing;
using HftHost.Tests.Support;

namespace HftHost.Tests.MarketData;

/// <summary>
/// TopOfBookChanged against a plain book built in the test from the same ITCH events: one
/// event for each message about an order that changed its instrument's best bid or offer
/// (price or shares), with the new ones, in message order, and none otherwise. (The book takes
/// a packet's messages as one run, after the typed events of that packet: the test compares
/// the two sequences, not the interleaving.)
/// </summary>
public class OrderBookTopTests
{
    [Fact]
    public void Should_publish_the_top_exactly_when_a_message_changes_it()
    {
        using var dir = new TempDir();
        string pcap = BookChain.Generate(dir, venues: 2, symbols: 10, messages: 40_000, seed: 3);
        using PluginTestHarness harness = BookChain.For(new OrderBookPlugin());
        var published = new List<(MoldSession, ushort, Quote, Quote)>();
        harness.Subscribe<TopOfBookChanged>(e => published.Add((e.Session, e.StockLocate, e.Bid, e.Ask)));
        var plain = new PlainBooks();
        var expected = new List<(MoldSession, ushort, Quote, Quote)>();
        int messages = 0;
        void After(MoldSession session, ushort locate)
        {
            messages++;
            if (plain.TopChanged(session, locate, out Quote bid, out Quote ask))
            {
                expected.Add((session, locate, bid, ask));
            }
        }
        harness.Subscribe<ItchEvent<AddOrder>>(e => { plain.Add(e.Session, e.Message.OrderReferenceNumber, e.Message.Side == Side.Buy, e.Message.Shares, e.Message.Price, e.Message.StockLocate); After(e.Session, e.Message.StockLocate); });
        harness.Subscribe<ItchEvent<AddOrderMpid>>(e => { plain.Add(e.Session, e.Message.OrderReferenceNumber, e.Message.Side == Side.Buy, e.Message.Shares, e.Message.Price, e.Message.StockLocate); After(e.Session, e.Message.StockLocate); });
        harness.Subscribe<ItchEvent<OrderExecuted>>(e => { plain.Reduce(e.Session, e.Message.OrderReferenceNumber, e.Message.ExecutedShares); After(e.Session, e.Message.StockLocate); });
        harness.Subscribe<ItchEvent<OrderExecutedWithPrice>>(e => { plain.Reduce(e.Session, e.Message.OrderReferenceNumber, e.Message.ExecutedShares); After(e.Session, e.Message.StockLocate); });
        harness.Subscribe<ItchEvent<OrderCancel>>(e => { plain.Reduce(e.Session, e.Message.OrderReferenceNumber, e.Message.CancelledShares); After(e.Session, e.Message.StockLocate); });
        harness.Subscribe<ItchEvent<OrderDelete>>(e => { plain.Reduce(e.Session, e.Message.OrderReferenceNumber, uint.MaxValue); After(e.Session, e.Message.StockLocate); });
        harness.Subscribe<ItchEvent<OrderReplace>>(e => { plain.Replace(e.Session, e.Message.OriginalOrderReferenceNumber, e.Message.NewOrderReferenceNumber, e.Message.Shares, e.Message.Price); After(e.Session, e.Message.StockLocate); });

        harness.Replay(pcap);

        Assert.True(expected.Count > 1_000 && messages > expected.Count + 1_000, $"{expected.Count} changes in {messages} messages");
        Assert.Equal(expected.Count, published.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i] == published[i], $"top change {i}: expected {expected[i]}, published {published[i]}");
        }
    }

    /// <summary>Books kept the plain way: orders in a dictionary, each side's levels in a sorted one.</summary>
    private sealed class PlainBooks
    {
        private readonly Dictionary<(MoldSession, ulong), (ushort Locate, bool IsBuy, long Price, long Shares)> _orders = [];
        private readonly Dictionary<(MoldSession, ushort, bool), SortedDictionary<long, long>> _levels = [];
        private readonly Dictionary<(MoldSession, ushort), (Quote Bid, Quote Ask)> _lastTops = [];

        public void Add(MoldSession session, ulong reference, bool isBuy, long shares, long price, ushort locate)
        {
            _orders.Add((session, reference), (locate, isBuy, price, shares));
            SortedDictionary<long, long> side = Side(session, locate, isBuy);
            side[price] = side.GetValueOrDefault(price) + shares;
        }

        public void Reduce(MoldSession session, ulong reference, long shares)
        {
            (ushort locate, bool isBuy, long price, long resting) = _orders[(session, reference)];
            long taken = Math.Min(shares, resting);
            SortedDictionary<long, long> side = Side(session, locate, isBuy);
            if ((side[price] -= taken) == 0)
            {
                side.Remove(price);
            }
            if (resting == taken)
            {
                _orders.Remove((session, reference));
            }
            else
            {
                _orders[(session, reference)] = (locate, isBuy, price, resting - taken);
            }
        }

        public void Replace(MoldSession session, ulong original, ulong replacement, long shares, long price)
        {
            (ushort locate, bool isBuy, _, _) = _orders[(session, original)];
            Reduce(session, original, long.MaxValue);
            Add(session, replacement, isBuy, shares, price, locate);
        }

        public bool TopChanged(MoldSession session, ushort locate, out Quote bid, out Quote ask)
        {
            SortedDictionary<long, long> bids = Side(session, locate, true), asks = Side(session, locate, false);
            bid = bids.Count == 0 ? default : new Quote(bids.Keys.Max(), bids[bids.Keys.Max()]);
            ask = asks.Count == 0 ? default : new Quote(asks.Keys.Min(), asks[asks.Keys.Min()]);
            bool changed = _lastTops.GetValueOrDefault((session, locate)) != (bid, ask);
            _lastTops[(session, locate)] = (bid, ask);
            return changed;
        }

        private SortedDictionary<long, long> Side(MoldSession session, ushort locate, bool isBuy) =>
            _levels.TryGetValue((session, locate, isBuy), out SortedDictionary<long, long>? side) ? side : _levels[(session, locate, isBuy)] = [];
    }
}
