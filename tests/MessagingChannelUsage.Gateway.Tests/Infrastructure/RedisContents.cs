using StackExchange.Redis;

namespace MessagingChannelUsage.Gateway.Tests.Infrastructure;

/// <summary>Every key of a Redis server with its DUMP (type, value and encoding): equal contents are byte-identical.</summary>
public static class RedisContents
{
    public static async Task<SortedDictionary<string, string>> DumpAllAsync(string endpoint)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(endpoint + ",allowAdmin=true");
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var db = connection.GetDatabase();
        var contents = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            var dump = await db.KeyDumpAsync(key);
            contents[(string)key!] = dump is null ? "(gone)" : Convert.ToBase64String(dump);
        }

        return contents;
    }
}
