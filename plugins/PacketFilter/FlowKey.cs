using System.Runtime.CompilerServices;

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

    public static readonly uint[] Max = [255, uint.MaxValue, uint.MaxValue, 65535, 65535, 4095];
}
