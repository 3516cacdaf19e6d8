using System.Runtime.CompilerServices;

// The hot path normalises messages into stackalloc'd buffers that are always written before
// they are read: zeroing them first is wasted work on every message.
[module: SkipLocalsInit]
