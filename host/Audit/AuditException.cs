namespace HftHost.Audit;

/// <summary>The audit trail cannot be opened (a bad setting, an existing file it cannot continue, an I/O error).</summary>
internal sealed class AuditException : Exception
{
    public AuditException()
    {
    }

    public AuditException(string message)
        : base(message)
    {
    }

    public AuditException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
