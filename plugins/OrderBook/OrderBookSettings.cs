namespace HftHost.Plugins.OrderBook;

/// <summary>The plugin's settings.</summary>
public sealed class OrderBookSettings
{
    /// <summary>
    /// Resting orders per venue the order index is sized for: its window has twice as many
    /// slots (16 bytes each, four to a set; see OrderIndex.cs); an order still resting when its
    /// set is full of live orders, and only such, goes to an overflow table that doubles when
    /// half full (the only allocation after warm-up). How many go there depends on how long
    /// orders live, counted in the orders added after them: the metric
    /// <c>orderbook.displaced_orders</c> counts them. On the generated benchmark feed (about
    /// 3,200 resting orders a venue, 4.4 million orders in all) this default moves 116,711;
    /// twice the capacity moves 5,722 and runs no faster (ratio 1.011), half moves 691,995 and
    /// is slower (1.035) (12 runs taking turns, bench/HftHost.Benchmarks market-data
    /// --book-setting): the window is read at random, so past the point where few orders move
    /// its size is only cache footprint. A full NASDAQ day rests far more orders: raise it there.
    /// </summary>
    public int OrderCapacity { get; set; } = 1 << 12;

    /// <summary>
    /// Price levels per side each instrument's book is sized for before it first allocates: the
    /// best 16 always have room; above 16, each side's storage for the deeper levels is made up
    /// front (otherwise the first time a side needs it).
    /// </summary>
    public int LevelCapacity { get; set; } = 16;

    /// <summary>Levels per side <c>book</c> queries show by default.</summary>
    public int Depth { get; set; } = 10;
}
