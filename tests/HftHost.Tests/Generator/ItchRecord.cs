using System.Buffers.Binary;
using System.Text;

namespace HftHost.Tests.Generator;

/// <summary>
/// The fields of the ITCH 5.0 messages the generator writes, decoded here at the
/// specification's offsets, independently of the project's ITCH writer and parser.
/// </summary>
internal readonly record struct ItchRecord(
    char Type, ushort Locate, long Timestamp, ulong Reference, ulong NewReference, char Side, uint Shares,
    long Price, ulong Match, string? Stock, char Code)
{
    private static readonly Dictionary<char, int> Lengths = new()
    {
        ['S'] = 12, ['R'] = 39, ['A'] = 36, ['F'] = 40, ['E'] = 31, ['C'] = 36, ['X'] = 23, ['D'] = 19, ['U'] = 35, ['P'] = 44,
    };

    public static ItchRecord Decode(byte[] m)
    {
        char type = (char)m[0];
        Assert.True(Lengths.TryGetValue(type, out int length), $"unexpected message type '{type}'");
        Assert.True(m.Length == length, $"'{type}' is {m.Length} bytes, the spec says {length}");
        ushort locate = BinaryPrimitives.ReadUInt16BigEndian(m.AsSpan(1));
        long timestamp = ((long)BinaryPrimitives.ReadUInt16BigEndian(m.AsSpan(5)) << 32) | BinaryPrimitives.ReadUInt32BigEndian(m.AsSpan(7));
        ulong U64(int at) => BinaryPrimitives.ReadUInt64BigEndian(m.AsSpan(at));
        uint U32(int at) => BinaryPrimitives.ReadUInt32BigEndian(m.AsSpan(at));
        string Text(int at, int n) => Encoding.ASCII.GetString(m, at, n).TrimEnd(' ');
        var r = new ItchRecord(type, locate, timestamp, 0, 0, ' ', 0, 0, 0, null, ' ');
        return type switch
        {
            'S' => r with { Code = (char)m[11] },
            'R' => r with { Stock = Text(11, 8), Shares = U32(21) },
            'A' => r with { Reference = U64(11), Side = (char)m[19], Shares = U32(20), Stock = Text(24, 8), Price = U32(32) },
            'F' => r with { Reference = U64(11), Side = (char)m[19], Shares = U32(20), Stock = Text(24, 8), Price = U32(32), Code = (char)m[36] },
            'E' => r with { Reference = U64(11), Shares = U32(19), Match = U64(23) },
            'C' => r with { Reference = U64(11), Shares = U32(19), Match = U64(23), Code = (char)m[31], Price = U32(32) },
            'X' => r with { Reference = U64(11), Shares = U32(19) },
            'D' => r with { Reference = U64(11) },
            'U' => r with { Reference = U64(11), NewReference = U64(19), Shares = U32(27), Price = U32(31) },
            _ => r with { Reference = U64(11), Side = (char)m[19], Shares = U32(20), Stock = Text(24, 8), Price = U32(32), Match = U64(36) },
        };
    }
}
