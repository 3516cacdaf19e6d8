using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace MessagingChannelUsage.Gateway.Edge;

/// <summary>
/// Binds every generated gRPC service as grpc-dotnet's own binder does (the generated
/// <c>BindService</c>, the service's overrides and attributes as endpoint metadata), with one
/// change: each method's request marshaller turns a parse failure into INVALID_ARGUMENT
/// (<see cref="UnreadableRequest"/>) instead of the UNKNOWN "Exception was thrown by handler" that
/// grpc-dotnet answers for any exception thrown while it reads a request. Registered in place of
/// grpc-dotnet's binder, so services added later get it too.
/// </summary>
internal sealed class ReadableRequestMethodProvider<TService>(UnreadableRequest unreadable) : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bind = BindMethod(typeof(TService));
        if (bind is null)
        {
            return;
        }

        // BindService(ServiceBinderBase, TServiceBase): only the binder's calls matter here.
        var serviceBase = bind.GetParameters()[1].ParameterType;
        bind.Invoke(null, [new Binder(context, serviceBase, unreadable), null]);
    }

    private static MethodInfo? BindMethod(Type serviceType)
    {
        for (var type = serviceType; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>() is { } attribute)
            {
                return attribute.BindType.GetMethod(
                    attribute.BindMethodName,
                    BindingFlags.Public | BindingFlags.Static,
                    binder: null,
                    [typeof(ServiceBinderBase), type],
                    modifiers: null);
            }
        }

        return null;
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type serviceBase, UnreadableRequest unreadable) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, [typeof(TRequest), typeof(ServerCallContext)]);
            context.AddUnaryMethod(Readable(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ClientStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, [typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)]);
            context.AddClientStreamingMethod(Readable(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ServerStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, [typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)]);
            context.AddServerStreamingMethod(Readable(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, [typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)]);
            context.AddDuplexStreamingMethod(Readable(method), metadata, invoker);
        }

        private Method<TRequest, TResponse> Readable<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class
            where TResponse : class
        {
            var read = method.RequestMarshaller.ContextualDeserializer;
            var what = typeof(TRequest).Name;
            var marshaller = new Marshaller<TRequest>(
                method.RequestMarshaller.ContextualSerializer,
                context =>
                {
                    try
                    {
                        return read(context);
                    }
                    catch (Exception exception) when (exception is not (RpcException or OutOfMemoryException))
                    {
                        throw unreadable.Error(what, exception.Message);
                    }
                });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
        }

        /// <summary>The service's override of <paramref name="name"/> as an open delegate, and its endpoint metadata (as grpc-dotnet builds them).</summary>
        private (TDelegate Invoker, List<object> Metadata) Model<TDelegate>(string name, Type[] parameters)
            where TDelegate : Delegate
        {
            var handler = Handler(name, parameters) ?? throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
            var invoker = (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler);
            List<object> metadata = [.. typeof(TService).GetCustomAttributes(inherit: true), .. handler.GetCustomAttributes(inherit: true)];
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return (invoker, metadata);
        }

        private MethodInfo? Handler(string name, Type[] parameters)
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, binder: null, parameters, modifiers: null);
                if (method is null)
                {
                    return null;
                }

                // A method that hides the generated one is not the override: keep looking below it.
                if (method.IsVirtual && method.GetBaseDefinition().DeclaringType == serviceBase)
                {
                    return method;
                }
            }

            return null;
        }
    }
}
