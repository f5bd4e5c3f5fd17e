using System.Text.Json;

namespace HftHost.Dashboard;

/// <summary>
/// Keeps the latest best bid and offer of every symbol from the OrderBook plugin's <c>bbo</c>
/// answers and counts how often each changed between two answers: the busiest symbols are those
/// whose top of book moved most often (then most orders at the top, then by name). The plugin
/// keeps no per-symbol activity count, so this is the dashboard's own measure, and it only sees
/// changes at the rate it asks.
/// Threading: one thread (the dashboard's).
/// </summary>
internal sealed class QuoteTracker
{
    private readonly Dictionary<(string Session, string Symbol), Quote> _quotes = [];

    /// <summary>Takes one answer: a JSON array per line, lines prefixed "queue N: " when the host runs several queues.</summary>
    /// <exception cref="JsonException">The answer is not the bbo query's JSON.</exception>
    public void Update(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        foreach (string line in answer.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string json = line.StartsWith("queue ", StringComparison.Ordinal) ? line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..] : line;
            using var doc = JsonDocument.Parse(json);
            foreach (JsonElement row in doc.RootElement.EnumerateArray())
            {
                var key = (row.GetProperty("session").GetString() ?? "", row.GetProperty("symbol").GetString() ?? "");
                Quote next = Read(row);
                if (_quotes.TryGetValue(key, out Quote previous))
                {
                    next.Changes = previous.Changes + (next.SameTop(previous) ? 0 : 1);
                }
                _quotes[key] = next;
            }
        }
    }

    /// <summary>The <paramref name="count"/> busiest symbols that have a bid or an offer, busiest first.</summary>
    public IReadOnlyList<QuoteRow> Busiest(int count) =>
        [.. _quotes
            .Where(q => q.Value.BidPrice is not null || q.Value.AskPrice is not null)
            .OrderByDescending(q => q.Value.Changes)
            .ThenByDescending(q => q.Value.OrdersAtTop)
            .ThenBy(q => q.Key.Session, StringComparer.Ordinal)
            .ThenBy(q => q.Key.Symbol, StringComparer.Ordinal)
            .Take(count)
            .Select(q => new QuoteRow
            {
                Session = q.Key.Session,
                Symbol = q.Key.Symbol,
                BidPrice = q.Value.BidPrice,
                BidShares = q.Value.BidShares,
                AskPrice = q.Value.AskPrice,
                AskShares = q.Value.AskShares,
                Changes = q.Value.Changes,
            })];

    private static Quote Read(JsonElement row)
    {
        var quote = new Quote();
        if (row.GetProperty("bid") is { ValueKind: JsonValueKind.Object } bid)
        {
            quote.BidPrice = bid.GetProperty("price").GetInt64();
            quote.BidShares = bid.GetProperty("shares").GetInt64();
            quote.OrdersAtTop += bid.GetProperty("orders").GetInt64();
        }
        if (row.GetProperty("ask") is { ValueKind: JsonValueKind.Object } ask)
        {
            quote.AskPrice = ask.GetProperty("price").GetInt64();
            quote.AskShares = ask.GetProperty("shares").GetInt64();
            quote.OrdersAtTop += ask.GetProperty("orders").GetInt64();
        }
        return quote;
    }

    private struct Quote
    {
        public long? BidPrice;
        public long BidShares;
        public long? AskPrice;
        public long AskShares;
        public long OrdersAtTop;
        public int Changes;

        public readonly bool SameTop(Quote other) =>
            BidPrice == other.BidPrice && BidShares == other.BidShares && AskPrice == other.AskPrice && AskShares == other.AskShares;
    }
}
