namespace HftHost.Plugins.OrderBook;

/// <summary>An order on the book, as the order table stores it (24 bytes, inline in the table).</summary>
internal struct RestingOrder
{
    public ulong Reference; // 0 = empty slot (ITCH never uses 0)
    public long Price;
    public uint Shares;
    public ushort Locate;
    public bool IsBuy;
}
