namespace MessagingChannelUsage.Routing.Metadata;

/// <summary>A picklist value: the API name the API takes and the label the seed shows.</summary>
public sealed record PicklistEntry(string ApiName, string Label, int Number);
