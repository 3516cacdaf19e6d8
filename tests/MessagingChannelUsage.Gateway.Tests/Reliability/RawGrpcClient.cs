using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>
/// gRPC over HTTP/2 at the byte level: frames built by hand (so they can be wrong), the status read
/// from the trailers (or the headers of a trailers-only answer). What a hostile client sends.
/// </summary>
public sealed class RawGrpcClient(Uri address) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
    {
        BaseAddress = address,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>One gRPC frame: compressed flag, big-endian length, payload.</summary>
    public static byte[] Frame(byte[] payload, bool compressed = false)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static byte[] Gzip(byte[] payload)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(payload);
        }

        return buffer.ToArray();
    }

    /// <summary>Sends <paramref name="body"/> (one or more frames) as a whole request; returns the status and the answer frames' count.</summary>
    public async Task<RawResult> CallAsync(string path, byte[] body, string? encoding = null, string timeout = "5S")
    {
        // Version on the message: HttpClient's defaults apply to its convenience methods only.
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var answer = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new RawResult("HTTP " + (int)response.StatusCode, null, 0);
            }

            var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
            var message = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message");
            return new RawResult(status is null ? "no status" : StatusName(status), message is null ? null : Uri.UnescapeDataString(message), CountFrames(answer));
        }
        catch (HttpRequestException ex)
        {
            return new RawResult("transport: " + ex.HttpRequestError, ex.Message, 0);
        }
    }

    public void Dispose() => http.Dispose();

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string StatusName(string code) =>
        int.TryParse(code, System.Globalization.CultureInfo.InvariantCulture, out var value) ? ((Grpc.Core.StatusCode)value).ToString() : "bad status " + code;

    private static int CountFrames(byte[] answer)
    {
        var count = 0;
        for (var offset = 0; offset + 5 <= answer.Length; count++)
        {
            offset += 5 + (int)BinaryPrimitives.ReadUInt32BigEndian(answer.AsSpan(offset + 1));
        }

        return count;
    }
}

/// <summary>The status name ("OK", "InvalidArgument", … or "HTTP 4xx" / "transport: …"), its message and the answers received.</summary>
public sealed record RawResult(string Status, string? Message, int Answers);
