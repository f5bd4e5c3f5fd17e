namespace HftHost.Sdk.Testing;

/// <summary>One packet as <see cref="CaptureReader"/> read it; the bytes are valid until the next read.</summary>
internal readonly ref struct CapturedFrame(ReadOnlySpan<byte> bytes, long timestampNs, int wireLength, bool isEthernet)
{
    public ReadOnlySpan<byte> Bytes { get; } = bytes;

    public long TimestampNs { get; } = timestampNs;

    public int WireLength { get; } = wireLength;

    public bool IsEthernet { get; } = isEthernet;
}
