namespace HftHost.Native;

/// <summary>The first error a port's source reported: where (file offset, pass) and why.</summary>
internal sealed record SourceError(int Code, uint Loop, ulong Offset, string Reason);
