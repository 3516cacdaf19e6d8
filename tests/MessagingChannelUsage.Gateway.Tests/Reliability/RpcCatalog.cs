using System.Reflection;
using Google.Protobuf.Reflection;

namespace MessagingChannelUsage.Gateway.Tests.Reliability;

/// <summary>
/// Every RPC of the contract, read from the generated descriptors by reflection, so an RPC added
/// to any messaging.* proto later is fuzzed without touching the tests.
/// </summary>
public static class RpcCatalog
{
    public static IReadOnlyList<MethodDescriptor> All() =>
        typeof(MessagingChannelUsage.Protos.V1.MessageRouter).Assembly.GetTypes()
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(property => property?.PropertyType == typeof(FileDescriptor))
            .Select(property => (FileDescriptor)property!.GetValue(null)!)
            .Where(file => file.Package.StartsWith("messaging.", StringComparison.Ordinal))
            .SelectMany(file => file.Services)
            .SelectMany(service => service.Methods)
            .OrderBy(method => method.FullName, StringComparer.Ordinal)
            .ToList();

    /// <summary>"/package.Service/Method", the HTTP/2 path of a gRPC call.</summary>
    public static string PathOf(MethodDescriptor method) => "/" + method.Service.FullName + "/" + method.Name;
}
