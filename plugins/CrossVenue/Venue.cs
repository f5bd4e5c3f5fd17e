using HftHost.MoldUdp64;

namespace HftHost.Plugins.CrossVenue;

/// <summary>A venue (MoldUDP64 session): its index in every symbol's quotes, its name, and its locate codes' symbols.</summary>
internal sealed class Venue(MoldSession session, int index, string name)
{
    public MoldSession Session { get; } = session;

    public int Index { get; } = index;

    /// <summary>From <see cref="CrossVenueSettings.VenueNames"/>, else the session text.</summary>
    public string Name { get; } = name;

    /// <summary>The market of each stock locate code seen on this venue (locates differ between venues).</summary>
    public SymbolMarket?[] ByLocate { get; } = new SymbolMarket?[ushort.MaxValue + 1];
}
