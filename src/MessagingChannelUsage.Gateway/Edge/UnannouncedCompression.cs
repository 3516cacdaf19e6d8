using System.IO.Compression;
using Grpc.Net.Compression;

namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>
/// A frame marked compressed on a call that names no compression (no <c>grpc-encoding</c>, or
/// <c>identity</c>) cannot be read: the client's mistake, answered INVALID_ARGUMENT
/// (<see cref="UnreadableRequest"/>). grpc-dotnet answers INTERNAL for it (as the reference
/// implementations do) while reading the frame, before any hook of ours. So such calls are marked
/// with this provider's encoding name (<see cref="UnannouncedCompressionMarker"/>); grpc-dotnet
/// asks it only to decompress a frame whose compressed flag is set, and it refuses with the clear
/// error. Frames that are not compressed never reach it.
/// </summary>
internal sealed class UnannouncedCompression(UnreadableRequest unreadable) : ICompressionProvider
{
    /// <summary>Not a real encoding: the marker of "the call named none".</summary>
    public const string Name = "x-mcu-unannounced";

    public string EncodingName => Name;

    public Stream CreateDecompressionStream(Stream stream) =>
        throw unreadable.Error(
            "a message",
            "a frame is marked compressed, but the call names no compression (grpc-encoding is absent or identity); send it uncompressed or set grpc-encoding: gzip");

    // The gateway never compresses an answer with it (no response compression is configured).
    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
        throw new NotSupportedException($"{Name} only marks calls that name no compression; it compresses nothing.");
}
