using System.Text.Json.Serialization;

namespace MessagingChannelUsage.Gateway.SalesforceRest;

/// <summary>One element of Salesforce's error array: [{"message","errorCode","fields"}].</summary>
internal sealed record RestError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("errorCode")] string ErrorCode,
    [property: JsonPropertyName("fields")] IReadOnlyList<string> Fields);

/// <summary>An error inside a save result (Salesforce names the code statusCode there).</summary>
internal sealed record SaveError(
    [property: JsonPropertyName("statusCode")] string StatusCode,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("fields")] IReadOnlyList<string> Fields);

/// <summary>create's answer: {id, success, errors}.</summary>
internal sealed record SaveResult(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("errors")] IReadOnlyList<SaveError> Errors);

/// <summary>upsert's answer: {id, success, errors, created}.</summary>
internal sealed record UpsertResult(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("errors")] IReadOnlyList<SaveError> Errors,
    [property: JsonPropertyName("created")] bool Created);

/// <summary>One entry of GET /services/data/.</summary>
internal sealed record ApiVersionInfo(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("version")] string Version);

/// <summary>describeGlobal: GET …/sobjects/.</summary>
internal sealed record DescribeGlobalResult(
    [property: JsonPropertyName("encoding")] string Encoding,
    [property: JsonPropertyName("maxBatchSize")] int MaxBatchSize,
    [property: JsonPropertyName("sobjects")] IReadOnlyList<SObjectSummary> SObjects);

/// <summary>An object of describeGlobal, and the head of describeSObjects.</summary>
internal record SObjectSummary
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("label")] public required string Label { get; init; }
    [JsonPropertyName("labelPlural")] public required string LabelPlural { get; init; }
    [JsonPropertyName("keyPrefix")] public required string KeyPrefix { get; init; }
    [JsonPropertyName("createable")] public bool Createable { get; init; }
    [JsonPropertyName("updateable")] public bool Updateable { get; init; }
    [JsonPropertyName("deletable")] public bool Deletable { get; init; }
    [JsonPropertyName("queryable")] public bool Queryable { get; init; }
    [JsonPropertyName("retrieveable")] public bool Retrieveable { get; init; }
    [JsonPropertyName("searchable")] public bool Searchable { get; init; }
    [JsonPropertyName("custom")] public bool Custom { get; init; }
    [JsonPropertyName("urls")] public required IReadOnlyDictionary<string, string> Urls { get; init; }
}

/// <summary>describeSObjects: GET …/sobjects/MessagingChannelUsage/describe/.</summary>
internal sealed record SObjectDescribe : SObjectSummary
{
    [JsonPropertyName("fields")] public required IReadOnlyList<FieldDescribe> Fields { get; init; }
}

/// <summary>One field of describeSObjects.</summary>
internal sealed record FieldDescribe
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("label")] public required string Label { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("soapType")] public required string SoapType { get; init; }
    [JsonPropertyName("length")] public int Length { get; init; }
    [JsonPropertyName("createable")] public bool Createable { get; init; }
    [JsonPropertyName("updateable")] public bool Updateable { get; init; }
    [JsonPropertyName("filterable")] public bool Filterable { get; init; }
    [JsonPropertyName("groupable")] public bool Groupable { get; init; }
    [JsonPropertyName("sortable")] public bool Sortable { get; init; }
    [JsonPropertyName("nillable")] public bool Nillable { get; init; }
    [JsonPropertyName("restrictedPicklist")] public bool RestrictedPicklist { get; init; }
    [JsonPropertyName("defaultedOnCreate")] public bool DefaultedOnCreate { get; init; }
    [JsonPropertyName("picklistValues")] public required IReadOnlyList<PicklistValue> PicklistValues { get; init; }
    [JsonPropertyName("referenceTo")] public required IReadOnlyList<string> ReferenceTo { get; init; }
    [JsonPropertyName("relationshipName")] public string? RelationshipName { get; init; }
}

/// <summary>One picklist value of a field describe.</summary>
internal sealed record PicklistValue(
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("defaultValue")] bool DefaultValue,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("validFor")] string? ValidFor,
    [property: JsonPropertyName("value")] string Value);

/// <summary>Source-generated JSON of the fixed Salesforce shapes (records are written by <see cref="RecordJson"/>).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(IReadOnlyList<RestError>))]
[JsonSerializable(typeof(SaveResult))]
[JsonSerializable(typeof(UpsertResult))]
[JsonSerializable(typeof(IReadOnlyList<SaveResult>))]
[JsonSerializable(typeof(IReadOnlyList<UpsertResult>))]
[JsonSerializable(typeof(IReadOnlyList<ApiVersionInfo>))]
[JsonSerializable(typeof(DescribeGlobalResult))]
[JsonSerializable(typeof(SObjectDescribe))]
internal sealed partial class SalesforceJsonContext : JsonSerializerContext;
