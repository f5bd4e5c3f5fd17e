namespace HftHost.DataPlane;

/// <summary>How poll threads wait when their ring is empty.</summary>
internal enum IdleMode
{
    /// <summary><see cref="BackoffIdleStrategy"/>: shared machines.</summary>
    Backoff,

    /// <summary><see cref="BusySpinIdleStrategy"/>: dedicated cores.</summary>
    BusySpin,
}
