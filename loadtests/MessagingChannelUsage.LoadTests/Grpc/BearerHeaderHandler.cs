using System.Net.Http;

namespace MessagingChannelUsage.LoadTests.Grpc;

/// <summary>
/// Puts one fixed "authorization: Bearer …" header on every request of a channel. Cheaper per
/// call than grpc-dotnet's CallCredentials, which runs an async interceptor and builds a
/// Metadata per call: on a 2-core box the load generator's own per-call work is taken from the
/// gateway it measures, and the token is the same for every call of a run anyway.
/// </summary>
internal sealed class BearerHeaderHandler(string token, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly string value = "Bearer " + token.Trim();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("authorization", value);
        return base.SendAsync(request, cancellationToken);
    }
}
