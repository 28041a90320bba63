using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains information about the data source location.
/// </summary>
/// <remarks>Shape <c>RetrievalResultLocation</c> of the bedrock-agent-runtime service model. Required members: <c>type</c>.</remarks>
public sealed class RetrievalResultLocation
{
    /// <summary>The Confluence data source location.</summary>
    [JsonPropertyName("confluenceLocation")]
    public RetrievalResultConfluenceLocation? ConfluenceLocation { get; set; }

    /// <summary>Specifies the location of a document in a custom data source.</summary>
    [JsonPropertyName("customDocumentLocation")]
    public RetrievalResultCustomDocumentLocation? CustomDocumentLocation { get; set; }

    /// <summary>The Google Drive data source location.</summary>
    [JsonPropertyName("googleDriveLocation")]
    public RetrievalResultGoogleDriveLocation? GoogleDriveLocation { get; set; }

    /// <summary>The location of a document in Amazon Kendra.</summary>
    [JsonPropertyName("kendraDocumentLocation")]
    public RetrievalResultKendraDocumentLocation? KendraDocumentLocation { get; set; }

    /// <summary>The Microsoft OneDrive data source location.</summary>
    [JsonPropertyName("oneDriveLocation")]
    public RetrievalResultOneDriveLocation? OneDriveLocation { get; set; }

    /// <summary>The S3 data source location.</summary>
    [JsonPropertyName("s3Location")]
    public RetrievalResultS3Location? S3Location { get; set; }

    /// <summary>The Salesforce data source location.</summary>
    [JsonPropertyName("salesforceLocation")]
    public RetrievalResultSalesforceLocation? SalesforceLocation { get; set; }

    /// <summary>The SharePoint data source location.</summary>
    [JsonPropertyName("sharePointLocation")]
    public RetrievalResultSharePointLocation? SharePointLocation { get; set; }

    /// <summary>Specifies information about the SQL query used to retrieve the result.</summary>
    [JsonPropertyName("sqlLocation")]
    public RetrievalResultSqlLocation? SqlLocation { get; set; }

    /// <summary>The type of data source location. Required. Known values: <c>S3</c>, <c>WEB</c>, <c>CONFLUENCE</c>, <c>SALESFORCE</c>, <c>SHAREPOINT</c>, <c>CUSTOM</c>, <c>KENDRA</c>, <c>SQL</c>, <c>ONEDRIVE</c>, <c>GOOGLEDRIVE</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The web URL/URLs data source location.</summary>
    [JsonPropertyName("webLocation")]
    public RetrievalResultWebLocation? WebLocation { get; set; }
}
