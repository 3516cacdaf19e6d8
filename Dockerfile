# Multi-stage build of the gateway. Build context: the repository root.
#   docker build -t mcu-gateway .
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

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The aspnet image ships a non-root user "app" (UID 1654).
USER app
# gRPC (HTTP/2 cleartext) and the Prometheus scrape endpoint.
EXPOSE 5051 9464
ENV ASPNETCORE_URLS=http://0.0.0.0:5051 \
    DOTNET_gcServer=1
ENTRYPOINT ["dotnet", "MessagingChannelUsage.Gateway.dll"]
