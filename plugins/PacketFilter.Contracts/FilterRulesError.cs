namespace HftHost.PacketFilter;

/// <summary>One error in a rules file, where it is.</summary>
/// <param name="File">The file.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">What is wrong, and what would be right.</param>
public readonly record struct FilterRulesError(string File, int Line, int Column, string Message)
{
    /// <summary>"file:line:column: message", as compilers write it.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
