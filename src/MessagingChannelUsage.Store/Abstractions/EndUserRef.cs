namespace MessagingChannelUsage.Store.Abstractions;

/// <summary>One end user as every end-user read and write names it: its channel and platform key.</summary>
public readonly record struct EndUserRef(string ChannelId, string PlatformKey);
