namespace HftHost.PacketFilter;

/// <summary>A rules file that cannot be used, with every error found in it.</summary>
public sealed class FilterRulesException : Exception
{
    /// <summary>Creates the exception; its message lists every error, one per line.</summary>
    public FilterRulesException(IReadOnlyList<FilterRulesError> errors)
        : base(string.Join(Environment.NewLine, errors ?? throw new ArgumentNullException(nameof(errors))))
    {
        Errors = errors;
    }

    /// <summary>Creates an exception with a message only (no located error).</summary>
    public FilterRulesException()
        : this([])
    {
    }

    /// <summary>Creates an exception with a message only (no located error).</summary>
    public FilterRulesException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates an exception with a message only (no located error).</summary>
    public FilterRulesException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Every error, in file order.</summary>
    public IReadOnlyList<FilterRulesError> Errors { get; }
}
