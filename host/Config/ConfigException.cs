namespace HftHost.Config;

/// <summary>A config file has errors; each is "FILE:LINE:COLUMN: what is wrong". Exit code 2.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public ConfigException()
    {
        Errors = [];
    }

    public ConfigException(string message)
        : base(message)
    {
        Errors = [message];
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public IReadOnlyList<string> Errors { get; }
}
