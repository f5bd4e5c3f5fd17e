using System.Buffers.Binary;
using System.Text.Json;

namespace HftHost.Tests.Generator;

/// <summary>
/// The complete feed (each venue's BinaryFILE) replayed into books of the test's own:
/// realistic order life cycles that keep every venue's book uncrossed, and the final best
/// bid and offer the ground truth states.
/// </summary>
public class GeneratorBookTests : IClassFixture<GeneratedFeed>
{
    private readonly GeneratedFeed _feed;

    public GeneratorBookTests(GeneratedFeed feed) => _feed = feed;

    [Fact]
    public void Should_write_the_complete_feed_of_each_venue_as_binaryfile()
    {
        foreach (JsonElement venue in _feed.TruthVenues)
        {
            string session = venue.GetProperty("session").GetString()!;
            List<byte[]> messages = ReadBinaryFile(_feed.BinaryFile(session));
            Assert.Equal(venue.GetProperty("messages").GetInt64(), messages.Count);
            // What the capture carries is the same, message for message, at the same sequence numbers.
            foreach (MoldFrame frame in _feed.Frames.Where(f => f.Session == session && f.IsData))
            {
                for (int i = 0; i < frame.Count; i++)
                {
                    Assert.Equal(messages[(int)frame.Sequence - 1 + i], frame.Messages[i]);
                }
            }
        }
    }

    [Fact]
    public void Should_open_each_venue_with_a_system_event_and_the_directory_and_close_it_with_end_of_messages()
    {
        string[] symbols = _feed.Truth.GetProperty("symbols").EnumerateArray().Select(s => s.GetProperty("symbol").GetString()!).ToArray();
        Assert.Equal(GeneratedFeed.Symbols, symbols.Distinct().Count());
        foreach (JsonElement venue in _feed.TruthVenues)
        {
            ItchRecord[] messages = ReadBinaryFile(_feed.BinaryFile(venue.GetProperty("session").GetString()!)).Select(ItchRecord.Decode).ToArray();
            Assert.Equal(('S', 'O'), (messages[0].Type, messages[0].Code));
            for (int i = 0; i < symbols.Length; i++)
            {
                ItchRecord directory = messages[1 + i];
                Assert.Equal(('R', (ushort)(i + 1), symbols[i], 100u), (directory.Type, directory.Locate, directory.Stock, directory.Shares));
            }
            Assert.Equal(venue.GetProperty("directoryLastSequence").GetInt32(), 1 + symbols.Length);
            Assert.Equal(('S', 'C'), (messages[^1].Type, messages[^1].Code));
            Assert.DoesNotContain(messages[(1 + symbols.Length)..^1], m => m.Type is 'S' or 'R');
        }
    }

    [Fact]
    public void Should_count_messages_by_type_as_the_truth_says()
    {
        var counts = new Dictionary<char, long>();
        foreach (JsonElement venue in _feed.TruthVenues)
        {
            foreach (byte[] m in ReadBinaryFile(_feed.BinaryFile(venue.GetProperty("session").GetString()!)))
            {
                counts[(char)m[0]] = counts.GetValueOrDefault((char)m[0]) + 1;
            }
        }
        JsonElement truth = _feed.Truth.GetProperty("messageCounts");
        foreach (JsonProperty type in truth.EnumerateObject())
        {
            Assert.True(counts.GetValueOrDefault(type.Name[0]) == type.Value.GetInt64(), $"'{type.Name}': {counts.GetValueOrDefault(type.Name[0])} in the feed, {type.Value} in the truth");
        }
        Assert.Equal(GeneratedFeed.Messages, counts.Values.Sum());
        // Every life-cycle step shows up, the common ones often.
        foreach (char type in "AFECXDUP")
        {
            Assert.True(counts.GetValueOrDefault(type) >= 50, $"only {counts.GetValueOrDefault(type)} '{type}' messages");
        }
    }

    [Fact]
    public void Should_keep_every_venue_book_uncrossed_and_end_at_the_truth_best_bid_and_offer()
    {
        var truthBooks = _feed.Truth.GetProperty("books").EnumerateArray()
            .ToDictionary(b => (b.GetProperty("session").GetString()!, b.GetProperty("locate").GetInt32()));
        foreach (JsonElement venue in _feed.TruthVenues)
        {
            string session = venue.GetProperty("session").GetString()!;
            var replay = new VenueReplay(session);
            foreach (byte[] m in ReadBinaryFile(_feed.BinaryFile(session)))
            {
                replay.Apply(ItchRecord.Decode(m));
            }
            Assert.True(replay.Executions > 100, $"{session}: {replay.Executions} executions");
            for (int locate = 1; locate <= GeneratedFeed.Symbols; locate++)
            {
                JsonElement book = truthBooks[(session, locate)];
                Assert.Equal(Describe(book.GetProperty("bid")), replay.Best(locate, 'B'));
                Assert.Equal(Describe(book.GetProperty("ask")), replay.Best(locate, 'S'));
                Assert.Equal(book.GetProperty("orders").GetInt32(), replay.Orders(locate));
            }
        }
    }

    private static string Describe(JsonElement top)
    {
        if (top.ValueKind == JsonValueKind.Null)
        {
            return "none";
        }
        long price = top.GetProperty("price").GetInt64();
        Assert.Equal($"{price / 10_000}.{price % 10_000:D4}", top.GetProperty("priceText").GetString());
        return $"{price} x {top.GetProperty("shares").GetInt64()} in {top.GetProperty("orders").GetInt32()}";
    }

    private static List<byte[]> ReadBinaryFile(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        var messages = new List<byte[]>();
        for (int at = 0; at < file.Length;)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at));
            messages.Add(file.AsSpan(at + 2, length).ToArray());
            at += 2 + length;
        }
        return messages;
    }

    /// <summary>A venue's books rebuilt from its messages, checking each one as it goes.</summary>
    private sealed class VenueReplay
    {
        private readonly string _session;
        private readonly Dictionary<ulong, (ushort Locate, char Side, long Price, long Shares)> _orders = [];
        private readonly HashSet<ulong> _references = [];
        private readonly Dictionary<(ushort, char), SortedDictionary<long, (long Shares, int Orders)>> _levels = [];
        private long _lastTimestamp = -1;
        private ulong _lastMatch;

        public VenueReplay(string session) => _session = session;

        public int Executions { get; private set; }

        public int Orders(int locate) => _orders.Values.Count(o => o.Locate == locate);

        public string Best(int locate, char side)
        {
            SortedDictionary<long, (long Shares, int Orders)> levels = Levels((ushort)locate, side);
            if (levels.Count == 0)
            {
                return "none";
            }
            KeyValuePair<long, (long Shares, int Orders)> best = side == 'B' ? levels.Last() : levels.First();
            return $"{best.Key} x {best.Value.Shares} in {best.Value.Orders}";
        }

        public void Apply(ItchRecord m)
        {
            string at = $"{_session} '{m.Type}' at {m.Timestamp}";
            Assert.True(m.Timestamp > _lastTimestamp, $"{at}: timestamp not after {_lastTimestamp}");
            _lastTimestamp = m.Timestamp;
            if (m.Match != 0)
            {
                Assert.True(m.Match > _lastMatch, $"{at}: match number {m.Match} not after {_lastMatch}");
                _lastMatch = m.Match;
            }
            switch (m.Type)
            {
                case 'A' or 'F':
                    Add(at, m.Locate, m.Reference, m.Side, m.Price, m.Shares);
                    break;
                case 'E' or 'C':
                    Executions++;
                    Take(at, m.Reference, m.Shares, mustRemain: false);
                    break;
                case 'X':
                    Take(at, m.Reference, m.Shares, mustRemain: true);
                    break;
                case 'D':
                    Take(at, m.Reference, Order(at, m.Reference).Shares, mustRemain: false);
                    break;
                case 'U':
                    (ushort locate, char side, _, long shares) = Order(at, m.Reference);
                    Take(at, m.Reference, shares, mustRemain: false);
                    Add(at, locate, m.NewReference, side, m.Price, m.Shares);
                    break;
                case 'P':
                    Assert.True(m.Shares % 100 == 0 && m.Shares > 0 && m.Price > 0, $"{at}: trade {m.Shares} @ {m.Price}");
                    break;
            }
        }

        private void Add(string at, ushort locate, ulong reference, char side, long price, long shares)
        {
            Assert.True(_references.Add(reference), $"{at}: order reference {reference} used before");
            Assert.True(side is 'B' or 'S', $"{at}: side '{side}'");
            Assert.True(shares > 0 && shares % 100 == 0, $"{at}: {shares} shares is not round lots");
            Assert.True(price > 0 && price % 100 == 0, $"{at}: price {price}");
            _orders[reference] = (locate, side, price, shares);
            SortedDictionary<long, (long Shares, int Orders)> levels = Levels(locate, side);
            (long s, int n) = levels.GetValueOrDefault(price);
            levels[price] = (s + shares, n + 1);
            SortedDictionary<long, (long Shares, int Orders)> bids = Levels(locate, 'B');
            SortedDictionary<long, (long Shares, int Orders)> asks = Levels(locate, 'S');
            if (bids.Count > 0 && asks.Count > 0)
            {
                Assert.True(bids.Keys.Last() < asks.Keys.First(), $"{at}: book crossed or locked, bid {bids.Keys.Last()} ask {asks.Keys.First()}");
            }
        }

        private void Take(string at, ulong reference, long shares, bool mustRemain)
        {
            (ushort locate, char side, long price, long resting) = Order(at, reference);
            Assert.True(shares > 0 && shares % 100 == 0, $"{at}: {shares} shares is not round lots");
            Assert.True(mustRemain ? shares < resting : shares <= resting, $"{at}: {shares} of {resting} shares");
            SortedDictionary<long, (long Shares, int Orders)> levels = Levels(locate, side);
            (long s, int n) = levels[price];
            if (shares == resting)
            {
                _orders.Remove(reference);
                n--;
            }
            else
            {
                _orders[reference] = (locate, side, price, resting - shares);
            }
            if (n == 0)
            {
                levels.Remove(price);
            }
            else
            {
                levels[price] = (s - shares, n);
            }
        }

        private (ushort Locate, char Side, long Price, long Shares) Order(string at, ulong reference)
        {
            Assert.True(_orders.TryGetValue(reference, out var order), $"{at}: no live order {reference}");
            return order;
        }

        private SortedDictionary<long, (long Shares, int Orders)> Levels(ushort locate, char side)
        {
            if (!_levels.TryGetValue((locate, side), out SortedDictionary<long, (long Shares, int Orders)>? levels))
            {
                _levels[(locate, side)] = levels = [];
            }
            return levels;
        }
    }
}
