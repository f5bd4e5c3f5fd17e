using System.Diagnostics;

namespace HftHost.Plugins.OrderBook;

/// <summary>
/// An order on the book as the order index stores it: 16 bytes, four to a cache line. The
/// index is the book's largest structure and is read at random (a cancel names any resting
/// order), so its size is its cache footprint: 24 bytes an order made the benchmark's book
/// measurably slower (README "Market data"). References up to <see cref="MaxReference"/>
/// (2^47 − 1; NASDAQ numbers a day's orders from 1) share a word with the side and the stock
/// locate; <see cref="OrderIndex"/> keeps larger ones apart, whole.
/// </summary>
internal struct RestingOrder
{
    public const ulong MaxReference = (1UL << BuyBit) - 1;
    private const int BuyBit = 47;
    private const int LocateShift = 48;

    // Reference in bits 0-46 (0: an empty slot; ITCH never uses it), buy in bit 47, stock locate in 48-63.
    // The first word: OrderIndex compares a set's references as every other word of its line.
    private ulong _referenceSideLocate;

    /// <summary>ITCH Price(4), in 1/10,000; never 0 on the book (<see cref="PriceLevels.IsValidPrice"/>).</summary>
    public uint Price;

    public uint Shares;

    /// <summary>The reference number, or 0 for an order kept apart with a larger one.</summary>
    public ulong Reference
    {
        readonly get => _referenceSideLocate & MaxReference;
        set
        {
            Debug.Assert(value <= MaxReference);
            _referenceSideLocate = (_referenceSideLocate & ~MaxReference) | value;
        }
    }

    public bool IsBuy
    {
        readonly get => (_referenceSideLocate >> BuyBit & 1) != 0;
        set => _referenceSideLocate = (_referenceSideLocate & ~(1UL << BuyBit)) | ((value ? 1UL : 0) << BuyBit);
    }

    public ushort Locate
    {
        readonly get => (ushort)(_referenceSideLocate >> LocateShift);
        set => _referenceSideLocate = (_referenceSideLocate & ((1UL << LocateShift) - 1)) | ((ulong)value << LocateShift);
    }
}
