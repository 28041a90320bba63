using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Specifies the filters to use on the metadata attributes in the knowledge base data sources before returning results.
/// </summary>
/// <remarks>Shape <c>RetrievalFilter</c> of the bedrock-agent-runtime service model. A union: exactly one member is set.</remarks>
public sealed class RetrievalFilter
{
    /// <summary>Knowledge base data sources are returned if their metadata attributes fulfill all the filter conditions inside this list. At least 2 entries.</summary>
    [JsonPropertyName("andAll")]
    public IList<RetrievalFilter>? AndAll { get; set; }

    /// <summary>Knowledge base data sources are returned if they contain a metadata attribute whose name matches the key and whose value matches the value in this object. JSON member <c>equals</c> (a property named <c>Equals</c> would hide <see cref="object.Equals(object)"/>).</summary>
    [JsonPropertyName("equals")]
    public FilterAttribute? EqualsFilter { get; set; }

    /// <summary>Knowledge base data sources are returned if they contain a metadata attribute whose name matches the key and whose value is greater than the value in this object.</summary>
    [JsonPropertyName("greaterThan")]
    public FilterAttribute? GreaterThan { get; set; }

    /// <summary>Knowledge base data sources are returned if they contain a metadata attribute whose name matches the key and whose value is greater than or equal to the value in this object.</summary>
    [JsonPropertyName("greaterThanOrEquals")]
    public FilterAttribute? GreaterThanOrEquals { get; set; }

    /// <summary>Knowledge base data sources are returned if they contain a metadata attribute whose name matches the key and whose value is in the list specified in the value in this object.</summary>
    [JsonPropertyName("in")]
    public FilterAttribute? In { get; set; }

    /// <summary>Knowledge base data sources are returned if they contain a metadata attribute whose name matches the key and whose value is less than the value in this object.</summary>
    [JsonPropertyName("lessThan")]
    public FilterAttribute? LessThan { get; set; }

    /// <summary>Knowledge base data sources are returned if they contain a metadata attribute whose name matches the key and whose value is less than or equal to the value in this object.</summary>
    [JsonPropertyName("lessThanOrEquals")]
    public FilterAttribute? LessThanOrEquals { get; set; }

    /// <summary>Knowledge base data sources are returned if they contain a metadata attribute whose name matches the key and whose value is a list that contains the value as one of its members.</summary>
    [JsonPropertyName("listContains")]
    public FilterAttribute? ListContains { get; set; }

    /// <summary>Knowledge base data sources are returned when: It contains a metadata attribute whose name matches the key and whose value doesn't match the value in this object.</summary>
    [JsonPropertyName("notEquals")]
    public FilterAttribute? NotEquals { get; set; }

    /// <summary>Knowledge base data sources are returned if they contain a metadata attribute whose name matches the key and whose value isn't in the list specified in the value in this object.</summary>
    [JsonPropertyName("notIn")]
    public FilterAttribute? NotIn { get; set; }

    /// <summary>Knowledge base data sources are returned if their metadata attributes fulfill at least one of the filter conditions inside this list. At least 2 entries.</summary>
    [JsonPropertyName("orAll")]
    public IList<RetrievalFilter>? OrAll { get; set; }

    /// <summary>Knowledge base data sources are returned if they contain a metadata attribute whose name matches the key and whose value starts with the value in this object.</summary>
    [JsonPropertyName("startsWith")]
    public FilterAttribute? StartsWith { get; set; }

    /// <summary>Knowledge base data sources are returned if they contain a metadata attribute whose name matches the key and whose value is one of the following: A string that contains the value as a substring.</summary>
    [JsonPropertyName("stringContains")]
    public FilterAttribute? StringContains { get; set; }
}
