# Multi-stage build of the gateway (default target) and of the load-test runner (target loadtest).
# Build context: the repository root.
#   docker build -t mcu-gateway .
#   docker build --target loadtest -t mcu-loadtest .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first (layer cache): only the files restore needs.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY protos/ protos/
COPY src/MessagingChannelUsage.Routing/MessagingChannelUsage.Routing.csproj src/MessagingChannelUsage.Routing/
COPY src/MessagingChannelUsage.Protos/MessagingChannelUsage.Protos.csproj src/MessagingChannelUsage.Protos/
COPY src/MessagingChannelUsage.Store/MessagingChannelUsage.Store.csproj src/MessagingChannelUsage.Store/
COPY src/MessagingChannelUsage.Gateway/MessagingChannelUsage.Gateway.csproj src/MessagingChannelUsage.Gateway/
RUN dotnet restore src/MessagingChannelUsage.Gateway/MessagingChannelUsage.Gateway.csproj
COPY src/ src/
RUN dotnet publish src/MessagingChannelUsage.Gateway/MessagingChannelUsage.Gateway.csproj \
    -c Release --no-restore -o /app /p:UseAppHost=false

# The load-test runner: built from the same sources plus loadtests/ (only for --target loadtest).
FROM build AS loadtest-build
COPY loadtests/protos/ loadtests/protos/
COPY loadtests/MessagingChannelUsage.LoadTests/ loadtests/MessagingChannelUsage.LoadTests/
RUN dotnet publish loadtests/MessagingChannelUsage.LoadTests/MessagingChannelUsage.LoadTests.csproj \
    -c Release -o /loadtest /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS loadtest
WORKDIR /loadtest
COPY --from=loadtest-build /loadtest ./
# Reports go to /reports (mount a named volume there: it starts with this folder's owner, so the
# image's non-root user "app" can write it; a bind-mounted host folder would belong to root).
RUN mkdir -p /reports && chown app:app /reports
USER app
WORKDIR /reports
ENTRYPOINT ["dotnet", "/loadtest/mcu-loadtest.dll"]

# The gateway (last stage = the default target).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS gateway
WORKDIR /app
COPY --from=build /app ./
# The aspnet image ships a non-root user "app" (UID 1654); ports above 1024 need no privilege.
USER app
# gRPC (HTTP/2 cleartext) and the Prometheus scrape endpoint (HTTP/1.1, its own port).
EXPOSE 5051 9464
ENV ASPNETCORE_URLS=http://0.0.0.0:5051 \
    Telemetry__PrometheusAddress=0.0.0.0 \
    Telemetry__PrometheusPort=9464 \
    DOTNET_gcServer=1
# SIGTERM (docker stop) drains: keep the container's stop grace above Gateway__ShutdownTimeout.
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "MessagingChannelUsage.Gateway.dll"]
