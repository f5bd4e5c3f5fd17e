namespace HftHost.Plugins.OrderBook;

/// <summary>One price of one side: total shares resting there and how many orders.</summary>
/// <param name="Price">Price in 1/10,000 (ITCH's 4 implied decimals).</param>
/// <param name="Shares">Shares resting at the price.</param>
/// <param name="Orders">Orders resting at the price.</param>
public readonly record struct PriceLevel(long Price, long Shares, int Orders);
