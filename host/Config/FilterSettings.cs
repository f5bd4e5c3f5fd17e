namespace HftHost.Config;

/// <summary>The <c>filter</c> section: the packet filter's rules file.</summary>
/// <param name="RulesFile">Full path of the rules file (given relative to the config file); it exists.</param>
internal sealed record FilterSettings(string RulesFile);
