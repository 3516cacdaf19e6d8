using MessagingChannelUsage.Gateway.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace MessagingChannelUsage.Gateway.Memory;

/// <summary>Which pool Kestrel's socket transport takes its I/O buffers from (<c>Gateway:ReleaseIdleBuffers</c>).</summary>
internal static class MemoryPoolHostingExtensions
{
    /// <summary>
    /// Replaces Kestrel's <see cref="IMemoryPoolFactory{T}"/> (registered by the web host before
    /// this runs; the transport resolves the last registration) with one that follows
    /// <see cref="GatewayOptions.ReleaseIdleBuffers"/>: the gateway's <see cref="ReleasingBlockPoolFactory"/>
    /// when true, Kestrel's pinned block pool when false. Chosen when the transport first asks, so a
    /// malformed setting fails start-up through options validation like every other setting.
    /// </summary>
    public static IServiceCollection AddGatewayMemoryPool(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var kestrels = services.LastOrDefault(d => d.ServiceType == typeof(IMemoryPoolFactory<byte>));
        services.AddSingleton<ReleasingBlockPoolFactory>();
        services.AddSingleton<IMemoryPoolFactory<byte>>(provider =>
            provider.GetRequiredService<IOptions<GatewayOptions>>().Value.ReleaseIdleBuffers || kestrels is null
                ? provider.GetRequiredService<ReleasingBlockPoolFactory>()
                : (IMemoryPoolFactory<byte>)Resolve(kestrels, provider));
        return services;
    }

    private static object Resolve(ServiceDescriptor descriptor, IServiceProvider provider) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.GetServiceOrCreateInstance(provider, descriptor.ImplementationType!);
}
