namespace HftHost.DataPlane;

/// <summary>
/// Spins, then yields, then sleeps 1 ms at a time: near busy-poll latency while frames
/// flow, and an idle core when they stop. The default on shared machines (laptops, CI),
/// where a spinning poll thread would take the core the producer needs.
/// </summary>
internal struct BackoffIdleStrategy : IIdleStrategy
{
    // About 10 µs of spinning, then about 100 yields, before sleeping.
    private const int MaxSpins = 100;
    private const int MaxYields = MaxSpins + 100;
    private int _idleCount;

    public void Idle()
    {
        int count = ++_idleCount;
        if (count <= MaxSpins)
        {
            Thread.SpinWait(10);
        }
        else if (count <= MaxYields)
        {
            Thread.Yield();
        }
        else
        {
            Thread.Sleep(1);
        }
    }

    public void Reset() => _idleCount = 0;
}
