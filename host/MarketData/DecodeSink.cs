using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;
using HftHost.Itch50;
using HftHost.MoldUdp64;

namespace HftHost.MarketData;

/// <summary>
/// Prints decoded ITCH 5.0 messages for <c>hfthost decode</c>: one line each, as text or
/// JSON, optionally only some types, and counts what it saw (per type, not MoldUDP64,
/// short or unknown messages). A command-line tool's output path: it allocates per line.
/// </summary>
internal sealed class DecodeSink(TextWriter output, bool json, HashSet<byte>? types, long limit)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Converters = { new JsonStringEnumConverter(), new ToStringConverter<StockSymbol>(), new ToStringConverter<Alpha4>() },
    };

    private readonly long[] _perType = new long[256];

    public long Printed { get; private set; }

    public long Messages { get; private set; }

    public long Short { get; private set; }

    public long Unknown { get; private set; }

    public long NotMoldUdp64 { get; private set; }

    public bool Full => limit > 0 && Printed >= limit;

    public IEnumerable<(char Type, long Count)> PerType =>
        Enumerable.Range(0, 256).Where(t => _perType[t] != 0).Select(t => ((char)t, _perType[t]));

    /// <summary>A UDP payload: a MoldUDP64 packet's messages, in the order they are in it.</summary>
    public void OnDatagram(ReadOnlySpan<byte> payload)
    {
        if (!MoldUdp64Format.TryReadHeader(payload, out MoldSession session, out ulong sequence, out ushort count)
            || count == MoldUdp64Format.EndOfSession)
        {
            NotMoldUdp64 += payload.Length < MoldUdp64Format.HeaderLength ? 1 : 0;
            return;
        }
        int offset = MoldUdp64Format.HeaderLength;
        for (int i = 0; i < count; i++)
        {
            if (offset + 2 > payload.Length)
            {
                NotMoldUdp64++;
                return;
            }
            int length = BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]);
            if (offset + 2 + length > payload.Length)
            {
                NotMoldUdp64++;
                return;
            }
            OnMessage(session.ToString(), sequence + (ulong)i, payload.Slice(offset + 2, length));
            offset += 2 + length;
        }
    }

    /// <summary>One ITCH message (from a MoldUDP64 packet, or a BinaryFILE with no session).</summary>
    public void OnMessage(string? session, ulong sequence, ReadOnlySpan<byte> message)
    {
        Messages++;
        if (message.IsEmpty)
        {
            Short++;
            return;
        }
        _perType[message[0]]++;
        if (Full || (types is not null && !types.Contains(message[0])))
        {
            // Not printed, still checked: the counts of short and unknown messages cover every message.
            int expected = ItchMessageTypes.LengthOf(message[0]);
            Count(expected == 0 ? ItchParseResult.UnknownType : message.Length < expected ? ItchParseResult.Short : ItchParseResult.Ok);
            return;
        }
        var printer = new PrintingVisitor(this, session, sequence);
        Count(ItchParser.Parse(message, ref printer));
    }

    private void Count(ItchParseResult result)
    {
        if (result == ItchParseResult.Short)
        {
            Short++;
        }
        else if (result == ItchParseResult.UnknownType)
        {
            Unknown++;
        }
    }

    private void Print<T>(string? session, ulong sequence, in T message)
        where T : struct
    {
        Printed++;
        string type = typeof(T).Name;
        if (json)
        {
            output.WriteLine($"{{\"session\":{JsonSerializer.Serialize(session)},\"sequence\":{sequence},\"type\":\"{type}\",\"message\":{JsonSerializer.Serialize(message, JsonOptions)}}}");
        }
        else
        {
            output.WriteLine(session is null ? $"{message}" : $"{session} {sequence} {message}");
        }
    }

    private sealed class ToStringConverter<T> : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("hfthost decode only writes JSON");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value?.ToString());
    }

    private readonly struct PrintingVisitor(DecodeSink sink, string? session, ulong sequence) : IItchVisitor
    {
        public void On(in SystemEvent message) => sink.Print(session, sequence, message);

        public void On(in StockDirectory message) => sink.Print(session, sequence, message);

        public void On(in StockTradingAction message) => sink.Print(session, sequence, message);

        public void On(in RegShoRestriction message) => sink.Print(session, sequence, message);

        public void On(in MarketParticipantPosition message) => sink.Print(session, sequence, message);

        public void On(in MwcbDeclineLevel message) => sink.Print(session, sequence, message);

        public void On(in MwcbStatus message) => sink.Print(session, sequence, message);

        public void On(in IpoQuotingPeriodUpdate message) => sink.Print(session, sequence, message);

        public void On(in LuldAuctionCollar message) => sink.Print(session, sequence, message);

        public void On(in OperationalHalt message) => sink.Print(session, sequence, message);

        public void On(in AddOrder message) => sink.Print(session, sequence, message);

        public void On(in AddOrderMpid message) => sink.Print(session, sequence, message);

        public void On(in OrderExecuted message) => sink.Print(session, sequence, message);

        public void On(in OrderExecutedWithPrice message) => sink.Print(session, sequence, message);

        public void On(in OrderCancel message) => sink.Print(session, sequence, message);

        public void On(in OrderDelete message) => sink.Print(session, sequence, message);

        public void On(in OrderReplace message) => sink.Print(session, sequence, message);

        public void On(in Trade message) => sink.Print(session, sequence, message);

        public void On(in CrossTrade message) => sink.Print(session, sequence, message);

        public void On(in BrokenTrade message) => sink.Print(session, sequence, message);

        public void On(in Noii message) => sink.Print(session, sequence, message);

        public void On(in RetailPriceImprovement message) => sink.Print(session, sequence, message);

        public void On(in DirectListingCapitalRaise message) => sink.Print(session, sequence, message);
    }
}
