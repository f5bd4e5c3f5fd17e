using System.Globalization;
using HftHost.Audit;
using HftHost.Sdk;
using HftHost.Sdk.Runtime;

namespace HftHost.Plugins;

/// <summary>
/// Moves what plugins record through <see cref="IPluginContext.Audit"/> (for example the packet
/// filter's audited drops) into the host's audit trail. The poll thread only copies into the
/// channel's pre-allocated ring; this runs on the plugin supervisor's thread, where the text
/// of each record is made. A plugin's category becomes <c>plugin.CATEGORY</c> when it is a
/// valid trail category, else <c>plugin.audit</c> with the plugin's category in the detail.
/// </summary>
internal static class PluginAuditDrain
{
    public const string Fallback = "plugin.audit";

    /// <summary>Drains every instance's channel; returns the records moved.</summary>
    public static int Drain(AuditTrail trail, PluginInstance[] instances)
    {
        int moved = 0;
        foreach (PluginInstance instance in instances)
        {
            AuditChannel channel = instance.PluginContext.Audit;
            while (channel.TryDrain(out AuditEntry entry))
            {
                Append(trail, entry);
                moved++;
            }
        }
        return moved;
    }

    private static void Append(AuditTrail trail, in AuditEntry entry)
    {
        string category = "plugin." + entry.Category;
        bool valid = AuditCategory.IsValid(category);
        string detail = string.Create(CultureInfo.InvariantCulture,
            $"{entry.PluginName} queue {entry.Queue} at {entry.Timestamp:O}: {(valid ? "" : $"[{entry.Category}] ")}{entry.Detail}{(entry.Truncated ? " [truncated]" : "")}");
        trail.Append(valid ? category : Fallback, detail);
    }
}
