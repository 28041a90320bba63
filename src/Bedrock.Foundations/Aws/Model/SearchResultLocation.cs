using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Specifies a search result location within the content array, providing positioning information for cited content using search result index and block positions.
/// </summary>
/// <remarks>Shape <c>SearchResultLocation</c> of the bedrock-runtime service model.</remarks>
public sealed class SearchResultLocation
{
    /// <summary>The index of the search result content block where the cited content is found. At least 0.</summary>
    [JsonPropertyName("searchResultIndex")]
    public int? SearchResultIndex { get; set; }

    /// <summary>The starting position in the content array where the cited content begins. At least 0.</summary>
    [JsonPropertyName("start")]
    public int? Start { get; set; }

    /// <summary>The ending position in the content array where the cited content ends. At least 0.</summary>
    [JsonPropertyName("end")]
    public int? End { get; set; }
}
