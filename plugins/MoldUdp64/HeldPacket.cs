namespace HftHost.Plugins.MoldUdp64;

/// <summary>A packet kept behind a missing range: its message blocks copied into the session's hold buffer.</summary>
internal readonly record struct HeldPacket(ulong First, int Count, int Offset, int Length, long RxTimestampNs)
{
    public ulong Last => First + (ulong)Count - 1;
}
