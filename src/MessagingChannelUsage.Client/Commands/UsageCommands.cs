using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MessagingChannelUsage.Client.Output;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Client.Commands;

/// <summary><c>mcu usage create|update|get|query|describe</c>: the MessagingChannelUsage API.</summary>
internal static class UsageCommands
{
    public static Command Build(GlobalOptions globals)
    {
        var usage = new Command("usage", "MessagingChannelUsage records.");
        usage.Add(Create(globals));
        usage.Add(Update(globals));
        usage.Add(Get(globals));
        usage.Add(Query(globals));
        usage.Add(Describe(globals));
        return usage;
    }

    private static Command Create(GlobalOptions globals)
    {
        var channel = new Option<string>("--channel") { Required = true, Description = "MessagingChannelId." };
        var type = new Option<string>("--type") { Required = true, Description = $"DeploymentType: {EnumArgument.List<DeploymentType>()}." };
        var fields = new PicklistOptions();
        var command = new Command("create", "Create a usage (status defaults to New).") { channel, type };
        fields.AddTo(command);
        CommandRunner.SetAction(command, globals, async (runner, ct) =>
        {
            var p = runner.ParseResult;
            var usage = new MessagingChannelUsage.Protos.V1.MessagingChannelUsage
            {
                MessagingChannelId = p.GetRequiredValue(channel),
                DeploymentType = EnumArgument.Parse<DeploymentType>(p.GetRequiredValue(type), "--type"),
            };
            fields.Apply(p, usage, mask: null);
            var client = new MessagingChannelUsageService.MessagingChannelUsageServiceClient(runner.Channel);
            await runner.PrintAsync(await client.CreateAsync(usage, runner.Options(ct)));
            return 0;
        });
        return command;
    }

    private static Command Update(GlobalOptions globals)
    {
        var id = new Argument<string>("id") { Description = "Usage id." };
        var expected = new Option<DateTimeOffset?>("--expected-modstamp") { Description = "Fail if SystemModstamp moved since (ISO 8601)." };
        var fields = new PicklistOptions();
        var command = new Command("update", "Change only the given fields (\"null\" clears one).") { id, expected };
        fields.AddTo(command);
        CommandRunner.SetAction(command, globals, async (runner, ct) =>
        {
            var p = runner.ParseResult;
            var request = new UpdateUsageRequest
            {
                Usage = new MessagingChannelUsage.Protos.V1.MessagingChannelUsage { Id = p.GetRequiredValue(id) },
                UpdateMask = new FieldMask(),
            };
            fields.Apply(p, request.Usage, request.UpdateMask);
            if (request.UpdateMask.Paths.Count == 0)
            {
                throw new UsageException("Nothing to update: give at least one of --status, --consent, --routing-override, --error-reason.");
            }

            if (p.GetValue(expected) is { } modstamp)
            {
                request.ExpectedSystemModstamp = Timestamp.FromDateTimeOffset(modstamp);
            }

            var client = new MessagingChannelUsageService.MessagingChannelUsageServiceClient(runner.Channel);
            await runner.PrintAsync(await client.UpdateAsync(request, runner.Options(ct)));
            return 0;
        });
        return command;
    }

    private static Command Get(GlobalOptions globals)
    {
        var ids = new Argument<string[]>("ids") { Description = "Usage ids.", Arity = ArgumentArity.OneOrMore };
        var fieldNames = new Option<string[]>("--field") { Description = "A Salesforce field name to return; repeat for several (default: all)." };
        var command = new Command("get", "Retrieve usages by id.") { ids, fieldNames };
        CommandRunner.SetAction(command, globals, async (runner, ct) =>
        {
            var request = new RetrieveUsagesRequest();
            request.Ids.AddRange(runner.ParseResult.GetRequiredValue(ids));
            request.FieldNames.AddRange(runner.ParseResult.GetValue(fieldNames) ?? []);
            var client = new MessagingChannelUsageService.MessagingChannelUsageServiceClient(runner.Channel);
            await runner.PrintAsync(await client.RetrieveAsync(request, runner.Options(ct)));
            return 0;
        });
        return command;
    }

    private static Command Query(GlobalOptions globals)
    {
        var soql = new Argument<string>("soql") { Description = "SELECT ... FROM MessagingChannelUsage ..." };
        var batchSize = new Option<int>("--batch-size") { Description = "Records per page (default 2000)." };
        var all = new Option<bool>("--all") { Description = "Follow next_page_token until done (queryMore)." };
        var command = new Command("query", "Run a SOQL query.") { soql, batchSize, all };
        CommandRunner.SetAction(command, globals, async (runner, ct) =>
        {
            var client = new MessagingChannelUsageService.MessagingChannelUsageServiceClient(runner.Channel);
            var text = runner.ParseResult.GetRequiredValue(soql);
            var request = new QueryRequest { Soql = text, BatchSize = runner.ParseResult.GetValue(batchSize) };
            while (true)
            {
                QueryResponse response;
                try
                {
                    response = await client.QueryAsync(request, runner.Options(ct));
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
                {
                    await RpcErrorPrinter.PrintAsync(ex, runner.Address, runner.Error);
                    await SoqlCaret.WriteAsync(text, ex.Status.Detail, runner.Error);
                    return CliApp.RpcFailed;
                }

                await runner.PrintAsync(response);
                if (!runner.ParseResult.GetValue(all) || response.Done || response.NextPageToken.Length == 0)
                {
                    return 0;
                }

                request = new QueryRequest { PageToken = response.NextPageToken, BatchSize = request.BatchSize };
            }
        });
        return command;
    }

    private static Command Describe(GlobalOptions globals)
    {
        var name = new Argument<string>("name") { Description = "Object name.", DefaultValueFactory = _ => "MessagingChannelUsage" };
        var command = new Command("describe", "describeSObjects(): fields, properties, picklist values.") { name };
        CommandRunner.SetAction(command, globals, async (runner, ct) =>
        {
            var client = new MessagingChannelUsageService.MessagingChannelUsageServiceClient(runner.Channel);
            var response = await client.DescribeSObjectAsync(new DescribeSObjectRequest { Name = runner.ParseResult.GetRequiredValue(name) }, runner.Options(ct));
            await runner.PrintAsync(response);
            return 0;
        });
        return command;
    }
}
