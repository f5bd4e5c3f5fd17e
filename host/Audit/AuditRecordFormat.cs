using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HftHost.Audit;

/// <summary>
/// One record is one line of JSON, its fields always in this order:
/// <c>{"seq":N,"time":"…Z","category":"…","detail":"…","prev":"HEX64","hash":"HEX64"}\n</c>.
/// <c>hash</c> is the SHA-256 of the line's own bytes up to (not including) <c>,"hash":"</c>:
/// that span holds <c>prev</c>, the previous record's hash, so every record seals its
/// predecessor. Hashing the bytes as written (not a re-serialisation) makes any edited
/// byte, even in white space, a mismatch.
/// </summary>
internal static class AuditRecordFormat
{
    public const int HashHexLength = 64;

    /// <summary><c>prev</c> of the very first record of a trail.</summary>
    public static readonly string GenesisHash = new('0', HashHexLength);

    /// <summary>A record longer than this is refused by the reader; the writer cuts details to fit.</summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>Details are cut to this many characters (a UTF-16 char is at most 3 UTF-8 bytes, 6 escaped).</summary>
    public const int MaxDetailChars = 8 * 1024;

    public static ReadOnlySpan<byte> HashField => ",\"hash\":\""u8;

    // Escapes only what JSON requires (quotes, backslash, control characters): a person
    // reads "1.0.0 -> 2.0.0", not "1.0.0 -\u003E 2.0.0".
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The record as the UTF-8 line to append (with its newline), and its hash.</summary>
    public static (byte[] Line, string Hash) Format(ulong sequence, DateTime utc, string category, string detail, string previousHash)
    {
        if (detail.Length > MaxDetailChars)
        {
            detail = string.Create(CultureInfo.InvariantCulture, $"{detail.AsSpan(0, MaxDetailChars)}... ({detail.Length - MaxDetailChars} more characters cut)");
        }
        string prefix = string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"seq\":{sequence},\"time\":\"{utc:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}\",\"category\":\"{JsonEncodedText.Encode(category, Encoder)}\",\"detail\":\"{JsonEncodedText.Encode(detail, Encoder)}\",\"prev\":\"{previousHash}\"");
        byte[] prefixBytes = Encoding.UTF8.GetBytes(prefix);
        string hash = Convert.ToHexStringLower(SHA256.HashData(prefixBytes));
        byte[] line = new byte[prefixBytes.Length + HashField.Length + HashHexLength + 3];
        prefixBytes.CopyTo(line, 0);
        HashField.CopyTo(line.AsSpan(prefixBytes.Length));
        Encoding.ASCII.GetBytes(hash, line.AsSpan(prefixBytes.Length + HashField.Length));
        "\"}\n"u8.CopyTo(line.AsSpan(line.Length - 3));
        return (line, hash);
    }

    /// <summary>
    /// Reads one line (without its newline). Returns null and the reason when it is not a
    /// record this format writes; otherwise the record and whether its hash matches its bytes.
    /// </summary>
    public static AuditRecord? Parse(ReadOnlySpan<byte> line, out string? problem)
    {
        problem = null;
        int hashAt = line.LastIndexOf(HashField);
        if (hashAt < 0 || line.Length != hashAt + HashField.Length + HashHexLength + 2 || !line.EndsWith("\"}"u8))
        {
            problem = "not a record (no hash field at its end)";
            return null;
        }
        AuditRecord record;
        try
        {
            var reader = new Utf8JsonReader(line);
            record = Read(ref reader);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            problem = $"not a record ({ex.Message.Split('\n')[0].TrimEnd('.')})";
            return null;
        }
        if (!IsHex(record.Prev) || !IsHex(record.Hash))
        {
            problem = "not a record (prev and hash must be 64 lower-case hex digits)";
            return null;
        }
        string actual = Convert.ToHexStringLower(SHA256.HashData(line[..hashAt]));
        return record with { HashMatches = actual == record.Hash };
    }

    private static AuditRecord Read(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        ulong sequence = ReadProperty(ref reader, "seq").GetUInt64();
        string time = ReadString(ref reader, "time");
        if (!DateTime.TryParseExact(time, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime utc))
        {
            throw new FormatException($"time '{time}' is not yyyy-MM-ddTHH:mm:ss.ffffffZ");
        }
        string category = ReadString(ref reader, "category");
        string detail = ReadString(ref reader, "detail");
        string prev = ReadString(ref reader, "prev");
        string hash = ReadString(ref reader, "hash");
        Expect(ref reader, JsonTokenType.EndObject);
        if (reader.Read())
        {
            throw new FormatException("text after the record");
        }
        return new AuditRecord(sequence, utc, category, detail, prev, hash, HashMatches: false);
    }

    private static string ReadString(ref Utf8JsonReader reader, string name) =>
        ReadProperty(ref reader, name).TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new FormatException($"{name} is not a string");

    private static ref Utf8JsonReader ReadProperty(ref Utf8JsonReader reader, string name)
    {
        Expect(ref reader, JsonTokenType.PropertyName);
        if (!reader.ValueTextEquals(name))
        {
            throw new FormatException($"expected field '{name}', found '{reader.GetString()}'");
        }
        if (!reader.Read())
        {
            throw new FormatException($"no value for '{name}'");
        }
        return ref reader;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new FormatException($"expected {type}");
        }
    }

    private static bool IsHex(string text)
    {
        if (text.Length != HashHexLength)
        {
            return false;
        }
        foreach (char c in text)
        {
            if (!(char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
            {
                return false;
            }
        }
        return true;
    }
}
