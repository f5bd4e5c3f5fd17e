namespace HftHost.Sdk.Runtime;

/// <summary>A plugin that cannot be loaded, registered or bound; the message names the plugin and the cause.</summary>
internal sealed class PluginException : Exception
{
    public PluginException(string message)
        : base(message)
    {
    }

    public PluginException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
