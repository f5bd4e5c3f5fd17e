namespace HftHost.Native;

/// <summary>The errno values (Linux) and shim codes the host and its tests tell apart.</summary>
internal static class Errno
{
    public const int ENOENT = 2;
    public const int ENODEV = 19;
    public const int EINVAL = 22;

    /// <summary>HFT_ETRUNCATED in native/src/port_pvt.h: the file ends inside a record.</summary>
    public const int Truncated = 4002;
}
