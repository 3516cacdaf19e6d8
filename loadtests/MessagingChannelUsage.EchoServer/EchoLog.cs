namespace MessagingChannelUsage.EchoServer;

/// <summary>The echo server's log messages.</summary>
internal static partial class EchoLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Echo server listening on {Urls} ({Processors} processors, server GC: {ServerGc})")]
    public static partial void Listening(ILogger logger, string urls, int processors, bool serverGc);
}
