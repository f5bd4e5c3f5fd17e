using System.Text;

namespace HftHost.Sdk;

/// <summary>
/// Versioned state for <see cref="HftPlugin.ExportState"/> and <see cref="HftPlugin.ImportState"/>:
/// a version number first, then what the plugin writes, so a build refuses state it does not
/// understand (the old build then keeps running) instead of misreading it.
/// Threading: stateless; the returned reader or writer belongs to the calling poll thread.
/// </summary>
public static class PluginState
{
    /// <summary>A writer on <paramref name="destination"/> that has written <paramref name="version"/>; it leaves the stream open.</summary>
    /// <param name="destination">The stream ExportState was given.</param>
    /// <param name="version">This build's state version.</param>
    public static BinaryWriter CreateWriter(Stream destination, int version)
    {
        var writer = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        writer.Write(version);
        return writer;
    }

    /// <summary>
    /// A reader positioned after the version, or null when the previous build wrote nothing; it
    /// leaves the stream open.
    /// </summary>
    /// <param name="source">The stream ImportState was given.</param>
    /// <param name="version">The state version this build reads.</param>
    /// <param name="plugin">The plugin's name, for the error.</param>
    /// <exception cref="InvalidDataException">The state has another version.</exception>
    public static BinaryReader? OpenReader(Stream source, int version, string plugin)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Length == 0)
        {
            return null;
        }
        var reader = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
        int found = reader.ReadInt32();
        if (found != version)
        {
            reader.Dispose();
            throw new InvalidDataException($"{plugin} state version {found}; this build reads {version}");
        }
        return reader;
    }
}
