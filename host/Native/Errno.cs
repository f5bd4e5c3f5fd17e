namespace HftHost.Native;

/// <summary>The errno values (Linux) and shim codes the host tells apart.</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int ENODEV = 19;
    public const int EISDIR = 21;
    public const int EINVAL = 22;

    /// <summary>HFT_EBADFORMAT in native/src/port_pvt.h: not a pcap/pcapng file.</summary>
    public const int BadFormat = 4001;

    /// <summary>HFT_ETRUNCATED: the file ends inside a record.</summary>
    public const int Truncated = 4002;
}
