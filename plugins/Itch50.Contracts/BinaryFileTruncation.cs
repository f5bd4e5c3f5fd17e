namespace HftHost.Itch50;

/// <summary>Why a <see cref="BinaryFileReader"/> stopped before the end of its bytes.</summary>
public enum BinaryFileTruncation
{
    /// <summary>Not truncated: every byte so far belongs to a whole record.</summary>
    None,

    /// <summary>One byte left where a 2-byte length prefix should be.</summary>
    PartialLengthPrefix,

    /// <summary>A length prefix announces more bytes than are left.</summary>
    PartialMessage,
}
