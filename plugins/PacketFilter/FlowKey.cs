using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace HftHost.Plugins.PacketFilter;

/// <summary>
/// The fields a rule looks at, as unsigned numbers indexed by <see cref="FlowField"/>, so
/// the classifier can cut on any of them with one code path.
/// </summary>
[InlineArray(FlowField.Count)]
internal struct FlowKey
{
    private uint _first;

    public static FlowKey Of(int protocol, uint source, uint destination, int sourcePort, int destinationPort, int vlan)
    {
        FlowKey key = default;
        key[FlowField.Protocol] = (uint)protocol;
        key[FlowField.Source] = source;
        key[FlowField.Destination] = destination;
        key[FlowField.SourcePort] = (uint)sourcePort;
        key[FlowField.DestinationPort] = (uint)destinationPort;
        key[FlowField.Vlan] = (uint)vlan;
        return key;
    }

    /// <summary>
    /// The fields as one vector of <see cref="FlowField.Lanes"/> lanes (the two after the fields
    /// 0), for <see cref="RuleRanges.Matches"/>; gathered from the scalars, because the key was
    /// just written field by field and a 256-bit load of those stores would stall on store
    /// forwarding. Only a flow-cache miss pays for this; a hit reads the fields as words.
    /// </summary>
    public static Vector256<uint> AsVector(ref FlowKey key) =>
        Vector256.Create(key[0], key[1], key[2], key[3], key[4], key[5], 0u, 0u);
}

/// <summary>Indexes into a <see cref="FlowKey"/> and the largest value of each field.</summary>
internal static class FlowField
{
    public const int Protocol = 0;
    public const int Source = 1;
    public const int Destination = 2;
    public const int SourcePort = 3;
    public const int DestinationPort = 4;
    public const int Vlan = 5;
    public const int Count = 6;

    /// <summary>Lanes of the vector a rule is tested with: the fields, then padding to 256 bits.</summary>
    public const int Lanes = 8;

    public static readonly uint[] Max = [255, uint.MaxValue, uint.MaxValue, 65535, 65535, 4095];
}
