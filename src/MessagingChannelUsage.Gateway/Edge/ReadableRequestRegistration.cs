using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.Net.Compression;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>Puts <see cref="UnreadableRequest"/> in place: the binder, the gzip provider and the unannounced-compression marker. Call after AddGrpc.</summary>
internal static class ReadableRequestRegistration
{
    public static IServiceCollection AddReadableRequests(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<UnreadableRequest>();

        // grpc-dotnet's own binder (BinderServiceMethodProvider<>) would bind every method a second
        // time; other providers (e.g. JSON transcoding) stay.
        foreach (var binder in services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>)
            && d.ImplementationType?.Name == "BinderServiceMethodProvider`1").ToList())
        {
            services.Remove(binder);
        }

        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(ReadableRequestMethodProvider<>));
        services.AddSingleton<IConfigureOptions<GrpcServiceOptions>>(sp => new ConfigureOptions<GrpcServiceOptions>(grpc =>
        {
            var unreadable = sp.GetRequiredService<UnreadableRequest>();
            var gzip = new CheckedGzipCompressionProvider(unreadable);
            var others = grpc.CompressionProviders.Where(p => !string.Equals(p.EncodingName, gzip.EncodingName, StringComparison.Ordinal)).ToList();
            grpc.CompressionProviders = [gzip, .. others, new UnannouncedCompression(unreadable)];
        }));
        services.AddSingleton<IStartupFilter, UnannouncedCompressionMarker>();
        return services;
    }
}
