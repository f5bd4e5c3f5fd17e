using System.Buffers;

namespace HftHost.Audit;

/// <summary>
/// One line of a trail file as bytes, read in a stream (a trail may be larger than memory
/// would like): whether it ended with a newline, and its bytes unless it is longer than
/// any record could be.
/// </summary>
internal readonly record struct AuditLine(byte[]? Bytes, long Length, bool Terminated)
{
    public static IEnumerable<AuditLine> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        byte[] buffer = new byte[64 * 1024];
        var pending = new ArrayBufferWriter<byte>();
        long length = 0; // of the line so far, even past what is kept
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            int start = 0;
            while (start < read)
            {
                int newline = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                int end = newline < 0 ? read : newline;
                length += end - start;
                if (pending.WrittenCount + (end - start) <= AuditRecordFormat.MaxLineBytes)
                {
                    pending.Write(buffer.AsSpan(start, end - start));
                }
                if (newline < 0)
                {
                    break;
                }
                yield return new AuditLine(length <= AuditRecordFormat.MaxLineBytes ? pending.WrittenSpan.ToArray() : null, length, Terminated: true);
                pending.ResetWrittenCount();
                length = 0;
                start = newline + 1;
            }
        }
        if (length > 0)
        {
            yield return new AuditLine(null, length, Terminated: false);
        }
    }
}
