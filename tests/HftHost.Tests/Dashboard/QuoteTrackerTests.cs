using HftHost.Dashboard;

namespace HftHost.Tests.Dashboard;

/// <summary>Best bid/offer from the OrderBook plugin's bbo answers: the busiest symbols first.</summary>
public class QuoteTrackerTests
{
    private static string Answer(params (string Session, string Symbol, long? Bid, long? Ask)[] rows) =>
        "[" + string.Join(",", rows.Select(r =>
            $"{{\"session\":\"{r.Session}\",\"symbol\":\"{r.Symbol}\",\"bid\":{Side(r.Bid)},\"ask\":{Side(r.Ask)}}}")) + "]";

    private static string Side(long? price) =>
        price is long p ? $"{{\"price\":{p},\"price_text\":\"x\",\"shares\":100,\"orders\":1}}" : "null";

    [Fact]
    public void Should_rank_symbols_by_how_often_their_top_of_book_changed()
    {
        var tracker = new QuoteTracker();
        tracker.Update(Answer(("V1", "AAA", 100, 200), ("V1", "BBB", 100, 200), ("V2", "CCC", 100, 200)));
        tracker.Update(Answer(("V1", "AAA", 100, 200), ("V1", "BBB", 101, 200), ("V2", "CCC", 100, 199)));
        tracker.Update(Answer(("V1", "AAA", 100, 200), ("V1", "BBB", 102, 200), ("V2", "CCC", 100, 199)));

        IReadOnlyList<QuoteRow> busiest = tracker.Busiest(2);

        Assert.Equal([("V1", "BBB", 2), ("V2", "CCC", 1)], busiest.Select(q => (q.Session, q.Symbol, q.Changes)));
        Assert.Equal((102L, 200L), (busiest[0].BidPrice, busiest[0].AskPrice));
    }

    [Fact]
    public void Should_read_the_answers_of_several_queues_and_leave_out_empty_books()
    {
        var tracker = new QuoteTracker();
        tracker.Update("queue 0: " + Answer(("V1", "AAA", 100, null)) + "\nqueue 1: " + Answer(("V2", "BBB", null, 300), ("V2", "EMPTY", null, null)));

        IReadOnlyList<QuoteRow> rows = tracker.Busiest(10);

        Assert.Equal([("V1", "AAA", 100L, (long?)null), ("V2", "BBB", null, 300L)], rows.Select(q => (q.Session, q.Symbol, q.BidPrice, q.AskPrice)));
    }
}
