namespace HftHost.DataPlane;

/// <summary>
/// Never gives the core away: the lowest latency, for a poll thread that owns a
/// dedicated (isolated, pinned) core, as on the appliance.
/// </summary>
internal struct BusySpinIdleStrategy : IIdleStrategy
{
    public readonly void Idle() => Thread.SpinWait(1);

    public readonly void Reset()
    {
    }
}
