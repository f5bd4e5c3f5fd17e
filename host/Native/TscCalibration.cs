namespace HftHost.Native;

/// <summary>
/// The shim's TSC calibration for a port: ticks per second and one (TSC, CLOCK_REALTIME ns)
/// reference pair, so TSC readings taken elsewhere convert to the same clock as rx_ts_ns.
/// </summary>
internal readonly record struct TscCalibration(ulong Hz, ulong ReferenceTsc, ulong ReferenceNs)
{
    /// <summary>Converts a TSC reading to ns since the Unix epoch.</summary>
    public ulong ToNanoseconds(ulong tsc) =>
        Hz == 0 ? 0 : (ulong)((Int128)ReferenceNs + ((Int128)tsc - ReferenceTsc) * 1_000_000_000 / Hz);
}
