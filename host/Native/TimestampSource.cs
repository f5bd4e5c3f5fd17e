namespace HftHost.Native;

/// <summary>Where a port's rx timestamps come from (HFT_TS_*).</summary>
internal enum TimestampSource : uint
{
    Unknown = 0,

    /// <summary>The capture file's record time.</summary>
    File = 1,

    /// <summary>The kernel's receive time (AF_PACKET).</summary>
    Kernel = 2,

    /// <summary>The NIC's hardware timestamp.</summary>
    Nic = 3,

    /// <summary>The TSC read once per rx burst, converted with the port's <see cref="TscCalibration"/>.</summary>
    Tsc = 4,

    /// <summary>CLOCK_REALTIME read once per rx burst.</summary>
    Clock = 5,
}
