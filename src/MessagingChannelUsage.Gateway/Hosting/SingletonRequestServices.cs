using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;

namespace MessagingChannelUsage.Gateway.Hosting;

/// <summary>
/// The routing RPCs' requests resolve from the application's root container instead of a request
/// scope. gRPC takes the service and each interceptor from <c>HttpContext.RequestServices</c>, and
/// the first read of it creates a scope (the scope, its table of resolved services and the feature
/// holding it: ~10 % of a routed message's bytes, disposed at the end of the request) although
/// every one of them is a singleton. Only when nothing on that path can need a scope: the gateway
/// registers no scoped service of its own, and authentication (whose IAuthenticationService and
/// handlers are scoped, per request) is not configured. Applied to the gRPC endpoints only (not to
/// their JSON routes on the REST listener).
/// </summary>
internal static class SingletonRequestServices
{
    /// <summary>Whether requests can do without a scope: no authentication services are registered.</summary>
    public static bool Applicable(IServiceProvider services)
        => !services.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IAuthenticationService));

    /// <summary>The endpoint's request delegate, first pointing the request at <paramref name="root"/>.</summary>
    public static void Apply(EndpointBuilder endpoint, IServiceProvider root)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.RequestDelegate is not { } next)
        {
            return;
        }

        var feature = new RootServicesFeature(root);
        endpoint.RequestDelegate = context =>
        {
            context.Features.Set<IServiceProvidersFeature>(feature);
            return next(context);
        };
    }

    /// <summary>One instance for every request: it only hands out the root container.</summary>
    private sealed class RootServicesFeature(IServiceProvider root) : IServiceProvidersFeature
    {
        public IServiceProvider RequestServices
        {
            get => root;
            set => throw new NotSupportedException("The routing RPCs resolve from the root container (SingletonRequestServices).");
        }
    }
}
