using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;

namespace HftHost.Sdk.Runtime;

/// <summary>
/// Which decoders a frame is offered to, in order: those bound to its exact destination
/// (protocol, address, port), then those bound to its port on any address, then those
/// bound to all frames. Built once per plugin change into an open-addressing table of
/// precomputed chains, so a lookup is a hash, one or two probes and no allocation.
/// Immutable: the dispatcher replaces the whole table.
/// </summary>
internal sealed class RouteTable
{
    private readonly ulong[] _keys;          // 0 = empty slot
    private readonly DecoderRegistration[][] _chains;
    private readonly int _shift;
    private readonly DecoderRegistration[] _catchAll;
    private bool _hasEndpoints; // false: every frame goes to the catch-all chain, no probing (set while building)

    private RouteTable(ulong[] keys, DecoderRegistration[][] chains, DecoderRegistration[] catchAll)
    {
        _keys = keys;
        _chains = chains;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)keys.Length);
        _catchAll = catchAll;
    }

    public static RouteTable Empty { get; } = Build([]);

    /// <summary>Decoders that frames with no matching destination are offered to.</summary>
    public DecoderRegistration[] CatchAll => _catchAll;

    /// <summary>Number of destination chains.</summary>
    public int Count => _keys.Count(k => k != 0);

    public static RouteTable Build(IEnumerable<FeedBinding> bindings)
    {
        List<FeedBinding> all = [.. bindings];
        DecoderRegistration[] catchAll = [.. all.Where(b => b.Endpoint is null).Select(b => b.Decoder).Distinct()];
        var exact = new Dictionary<ulong, List<DecoderRegistration>>();
        var anyAddress = new Dictionary<ulong, List<DecoderRegistration>>();
        foreach (FeedBinding binding in all)
        {
            if (binding.Endpoint is not { } endpoint)
            {
                continue;
            }
            uint address = endpoint.Address is null ? 0 : BinaryPrimitives.ReadUInt32BigEndian(endpoint.Address.GetAddressBytes());
            ulong key = Key((byte)endpoint.Protocol, address, (ushort)endpoint.Port);
            Dictionary<ulong, List<DecoderRegistration>> target = address == 0 ? anyAddress : exact;
            if (!target.TryGetValue(key, out List<DecoderRegistration>? list))
            {
                target[key] = list = [];
            }
            if (!list.Contains(binding.Decoder))
            {
                list.Add(binding.Decoder);
            }
        }
        int count = exact.Count + anyAddress.Count;
        int size = 8;
        while (size < count * 2)
        {
            size *= 2;
        }
        var keys = new ulong[size];
        var chains = new DecoderRegistration[size][];
        var table = new RouteTable(keys, chains, catchAll);
        foreach ((ulong key, List<DecoderRegistration> decoders) in exact)
        {
            ulong portKey = key & ~0xFFFF_FFFFUL; // same protocol and port, any address
            IEnumerable<DecoderRegistration> chain = decoders.Concat(anyAddress.GetValueOrDefault(portKey) ?? []).Concat(catchAll).Distinct();
            table.Insert(key, [.. chain]);
        }
        foreach ((ulong key, List<DecoderRegistration> decoders) in anyAddress)
        {
            table.Insert(key, [.. decoders.Concat(catchAll).Distinct()]);
        }
        return table;
    }

    /// <summary>The decoders to offer <paramref name="frame"/> to, in order (possibly none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DecoderRegistration[] Find(in FrameView frame)
    {
        if (_hasEndpoints && frame.Kind is FrameKind.Udp or FrameKind.Tcp)
        {
            ulong key = Key(frame.IpProtocol, frame.DestinationAddress, frame.DestinationPort);
            DecoderRegistration[]? chain = Probe(key) ?? Probe(key & ~0xFFFF_FFFFUL);
            if (chain is not null)
            {
                return chain;
            }
        }
        return _catchAll;
    }

    /// <summary>The chain for an endpoint (what the frame overload returns for its frames); for reports and tests.</summary>
    public DecoderRegistration[] Find(FeedProtocol protocol, IPAddress? address, int port)
    {
        uint a = address is null ? 0 : BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
        ulong key = Key((byte)protocol, a, (ushort)port);
        return Probe(key) ?? Probe(key & ~0xFFFF_FFFFUL) ?? _catchAll;
    }

    // Protocol (never 0 for UDP/TCP, so no key is 0), port, address.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Key(byte protocol, uint address, ushort port) =>
        ((ulong)protocol << 48) | ((ulong)port << 32) | address;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private DecoderRegistration[]? Probe(ulong key)
    {
        ulong[] keys = _keys;
        int mask = keys.Length - 1;
        int slot = (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);
        while (true)
        {
            ulong k = keys[slot];
            if (k == key)
            {
                return _chains[slot];
            }
            if (k == 0)
            {
                return null;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void Insert(ulong key, DecoderRegistration[] chain)
    {
        int mask = _keys.Length - 1;
        int slot = (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);
        while (_keys[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        _keys[slot] = key;
        _chains[slot] = chain;
        _hasEndpoints = true;
    }
}
