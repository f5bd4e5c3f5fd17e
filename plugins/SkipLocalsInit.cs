// Compiled into every plugin and contracts assembly (plugins/Directory.Build.props).
// Without it the C# compiler marks every method ".locals init" and the JIT zeroes the whole
// stack frame on entry; a decoder's dispatch switch that inlines a visitor per message type
// has a frame of kilobytes, zeroed for every message (measured: ~280 instructions of the
// ~1,100 an ITCH message cost). Every stackalloc in these assemblies fills what it reads.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
