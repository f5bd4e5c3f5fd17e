namespace HftHost.Plugins.OrderBook;

/// <summary>The plugin's settings.</summary>
public sealed class OrderBookSettings
{
    /// <summary>Resting orders per venue the order table is sized for before it first grows.</summary>
    public int OrderCapacity { get; set; } = 1 << 18;

    /// <summary>Levels per side <c>book</c> queries show by default.</summary>
    public int Depth { get; set; } = 10;
}
