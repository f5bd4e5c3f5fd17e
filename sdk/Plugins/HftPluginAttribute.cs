namespace HftHost.Sdk;

/// <summary>
/// Marks an assembly as an HftHost plugin and names its entry type. The SDK version
/// parameters default to the constants of the SDK the plugin is compiled against, and C#
/// stores those defaults in the plugin's own metadata: writing
/// <c>[assembly: HftPlugin(typeof(MyPlugin))]</c> records the SDK version the plugin was built for.
/// Threading: immutable; safe from any thread.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class HftPluginAttribute : Attribute
{
    /// <summary>Declares <paramref name="pluginType"/> as the plugin's entry type.</summary>
    /// <param name="pluginType">A public, non-abstract <see cref="HftPlugin"/> with a public parameterless constructor.</param>
    /// <param name="sdkMajor">SDK major the plugin was built for; leave it to the compiler.</param>
    /// <param name="sdkMinor">SDK minor the plugin was built for; leave it to the compiler.</param>
    public HftPluginAttribute(Type pluginType, int sdkMajor = SdkVersion.Major, int sdkMinor = SdkVersion.Minor)
    {
        PluginType = pluginType;
        SdkMajor = sdkMajor;
        SdkMinor = sdkMinor;
    }

    /// <summary>The plugin's entry type.</summary>
    public Type PluginType { get; }

    /// <summary>SDK major version the plugin was compiled against.</summary>
    public int SdkMajor { get; }

    /// <summary>SDK minor version the plugin was compiled against.</summary>
    public int SdkMinor { get; }
}
