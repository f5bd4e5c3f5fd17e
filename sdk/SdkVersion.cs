namespace HftHost.Sdk;

/// <summary>
/// The version of the plugin contract this SDK defines. A plugin records the version it
/// was compiled against (see <see cref="HftPluginAttribute"/>); the host loads it only when
/// the majors are equal and the plugin's minor is not newer than the host's.
/// Threading: constants; safe from any thread.
/// </summary>
public static class SdkVersion
{
    /// <summary>Changes when a plugin built against the previous major could break.</summary>
    public const int Major = 1;

    /// <summary>Changes when the contract grows compatibly (new members, new event types).</summary>
    public const int Minor = 0;

    /// <summary>Major and minor as a <see cref="Version"/>.</summary>
    public static Version Current { get; } = new(Major, Minor);
}
