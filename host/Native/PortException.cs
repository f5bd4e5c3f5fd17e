namespace HftHost.Native;

/// <summary>A port could not be opened or driven; the message is one line for a person.</summary>
public sealed class PortException : Exception
{
    public PortException(string message, int code)
        : base(message)
    {
        Code = code;
    }

    public PortException()
    {
    }

    public PortException(string message)
        : base(message)
    {
    }

    public PortException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Negative errno (or shim code) from the native call.</summary>
    public int Code { get; }

    /// <summary>
    /// True when the port could not be opened (missing or unreadable file, not a capture,
    /// no such interface, not permitted, bad options): nothing ran, so the CLI treats it
    /// as bad input (exit code 2) rather than as a source that failed part way.
    /// </summary>
    public bool DuringOpen { get; init; }
}
