// No ".locals init": the JIT does not zero each method's stack frame on entry (the
// dispatcher and the event publishers run once per frame or message). Every stackalloc in
// the SDK clears or fills what it reads.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
