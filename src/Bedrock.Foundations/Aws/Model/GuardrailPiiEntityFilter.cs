using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A Personally Identifiable Information (PII) entity configured in a guardrail.
/// </summary>
/// <remarks>Shape <c>GuardrailPiiEntityFilter</c> of the bedrock-runtime service model. Required members: <c>match</c>, <c>type</c>, <c>action</c>.</remarks>
public sealed class GuardrailPiiEntityFilter
{
    /// <summary>The PII entity filter match. Required.</summary>
    [JsonPropertyName("match")]
    public string? Match { get; set; }

    /// <summary>The PII entity filter type. Required. Known values: <c>ADDRESS</c>, <c>AGE</c>, <c>AWS_ACCESS_KEY</c>, <c>AWS_SECRET_KEY</c>, <c>CA_HEALTH_NUMBER</c>, <c>CA_SOCIAL_INSURANCE_NUMBER</c>, <c>CREDIT_DEBIT_CARD_CVV</c>, <c>CREDIT_DEBIT_CARD_EXPIRY</c>, <c>CREDIT_DEBIT_CARD_NUMBER</c>, <c>DRIVER_ID</c>, <c>EMAIL</c>, <c>INTERNATIONAL_BANK_ACCOUNT_NUMBER</c>, <c>IP_ADDRESS</c>, <c>LICENSE_PLATE</c>, <c>MAC_ADDRESS</c>, <c>NAME</c>, <c>PASSWORD</c>, <c>PHONE</c>, <c>PIN</c>, <c>SWIFT_CODE</c>, <c>UK_NATIONAL_HEALTH_SERVICE_NUMBER</c>, <c>UK_NATIONAL_INSURANCE_NUMBER</c>, <c>UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER</c>, <c>URL</c>, <c>USERNAME</c>, <c>US_BANK_ACCOUNT_NUMBER</c>, <c>US_BANK_ROUTING_NUMBER</c>, <c>US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER</c>, <c>US_PASSPORT_NUMBER</c>, <c>US_SOCIAL_SECURITY_NUMBER</c>, <c>VEHICLE_IDENTIFICATION_NUMBER</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The PII entity filter action. Required. Known values: <c>ANONYMIZED</c>, <c>BLOCKED</c>, <c>NONE</c> (others pass through).</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary>Indicates whether personally identifiable information (PII) that breaches the guardrail configuration is detected.</summary>
    [JsonPropertyName("detected")]
    public bool? Detected { get; set; }
}
