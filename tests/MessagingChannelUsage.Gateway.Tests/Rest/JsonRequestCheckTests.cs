using System.Text;
using MessagingChannelUsage.Gateway.JsonApi;
using MessagingChannelUsage.Protos.V1;

namespace MessagingChannelUsage.Gateway.Tests.Rest;

/// <summary>
/// The JSON body check, table-first, on the deepest request of the JSON routes (SimulateRequest:
/// nested messages, repeated fields, a oneof, enums, timestamps). Each row: the body, and the code
/// and field it is refused with (null code = the body is readable).
/// </summary>
public sealed class JsonRequestCheckTests
{
    [Theory]
    [InlineData("{}", null, null)]
    [InlineData("""{"channelId":"0Mj0000000DEMO1CAP","messages":[{"inbound":{"text":"hi"}},{"outbound":{"sender":"HANDLER_OMNI_CHANNEL"}}]}""", null, null)]
    [InlineData("""{"channel_id":null,"messages":null,"proposedChannel":null}""", null, null)]
    [InlineData("""{"messages":[{"outbound":{"sender":7}}]}""", null, null)]
    [InlineData("""{"proposedUsages":[{"deploymentType":"DEPLOYMENT_TYPE_MJ","createdDate":"2026-12-01T10:00:00.123Z"}]}""", null, null)]
    [InlineData("""{"messages":[{"inbound":{"text":"hi"},"outbound":{"text":"ho"}}]}""", "JSON_PARSER_ERROR", "messages.outbound")]
    [InlineData("""{"messages":[{"inbound":{"txt":"hi"}}]}""", "INVALID_FIELD", "messages.inbound.txt")]
    [InlineData("""{"messages":[{"outbound":{"sender":"OMNI"}}]}""", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "messages.outbound.sender")]
    [InlineData("""{"messages":[{"outbound":{"sender":1.5}}]}""", "JSON_PARSER_ERROR", "messages.outbound.sender")]
    [InlineData("""{"messages":{"inbound":{}}}""", "JSON_PARSER_ERROR", "messages")]
    [InlineData("""{"proposedChannel":"x"}""", "JSON_PARSER_ERROR", "proposed_channel")]
    [InlineData("""{"proposedUsages":[{"createdDate":"1 Dec 2026"}]}""", "JSON_PARSER_ERROR", "proposed_usages.created_date")]
    [InlineData("""{"proposedUsages":[{"deploymentType":"MJ"}]}""", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "proposed_usages.deployment_type")]
    [InlineData("""{"messages":[{"inbound":{"dryRun":1}}]}""", "JSON_PARSER_ERROR", "messages.inbound.dry_run")]
    [InlineData("""{"channelId":"x",}""", "JSON_PARSER_ERROR", null)]
    [InlineData("""{"channelId":"x"}{}""", "JSON_PARSER_ERROR", null)]
    [InlineData("null", "JSON_PARSER_ERROR", null)]
    [InlineData("   ", "JSON_PARSER_ERROR", null)]
    public void Body_IsReadableOrRefusedWithCodeAndField(string body, string? code, string? field)
    {
        var problem = JsonRequestCheck.Find(Encoding.UTF8.GetBytes(body), SimulateRequest.Descriptor);

        Assert.Equal(code, problem?.Code);
        Assert.Equal(field, problem?.Field);
    }
}
