using HftHost.CrossVenue;

namespace HftHost.Plugins.CrossVenue;

/// <summary>The most recent closed opportunities, in a ring made up front; older ones are counted in <see cref="Total"/> only.</summary>
internal sealed class OpportunityHistory(int capacity)
{
    private readonly CrossVenueOpportunity[] _items = new CrossVenueOpportunity[Math.Max(capacity, 1)];
    private int _next;

    /// <summary>Every opportunity ever added.</summary>
    public long Total { get; private set; }

    public int Count => (int)Math.Min(Total, _items.Length);

    public void Add(in CrossVenueOpportunity opportunity)
    {
        _items[_next] = opportunity;
        _next = (_next + 1) % _items.Length;
        Total++;
    }

    /// <summary>The listed ones, oldest first.</summary>
    public IEnumerable<CrossVenueOpportunity> All()
    {
        int start = Total > _items.Length ? _next : 0;
        for (int i = 0; i < Count; i++)
        {
            yield return _items[(start + i) % _items.Length];
        }
    }
}
