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

    /// <summary>The source is missing, unreadable, or not what it should be: a usage error (exit code 2).</summary>
    public bool IsUsageError => -Code is Errno.ENOENT or Errno.ENODEV or Errno.EISDIR or Errno.EINVAL
        or Errno.EACCES or Errno.EPERM or Errno.BadFormat;
}
