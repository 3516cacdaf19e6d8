using System.IO.Compression;
using Grpc.Net.Compression;

namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>
/// gzip as grpc-dotnet's own provider does it, except that a body which is not valid gzip ends
/// the call INVALID_ARGUMENT (<see cref="UnreadableRequest"/>) instead of UNKNOWN.
/// </summary>
internal sealed class CheckedGzipCompressionProvider(UnreadableRequest unreadable) : ICompressionProvider
{
    private readonly GzipCompressionProvider inner = new(CompressionLevel.Fastest);

    public string EncodingName => inner.EncodingName;

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) => inner.CreateCompressionStream(stream, compressionLevel);

    public Stream CreateDecompressionStream(Stream stream) => new CheckedStream(inner.CreateDecompressionStream(stream), unreadable);

    private sealed class CheckedStream(Stream inner, UnreadableRequest unreadable) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return inner.Read(buffer, offset, count);
            }
            catch (InvalidDataException exception)
            {
                throw unreadable.Error("gzip", exception.Message);
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (InvalidDataException exception)
            {
                throw unreadable.Error("gzip", exception.Message);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
