namespace Bedrock.Foundations.Tests.Aws.ServiceModel;

/// <summary>A member of a structure or union.</summary>
/// <param name="Name">The member name as it appears in JSON.</param>
/// <param name="Target">The member's shape.</param>
/// <param name="Location"><c>uri</c>, <c>header</c>, <c>headers</c>, <c>querystring</c> or <see langword="null"/> for the body.</param>
/// <param name="LocationName">The path label, header or query name, when bound to one.</param>
public sealed record ServiceMember(string Name, string Target, string? Location, string? LocationName)
{
    /// <summary>Whether the member is carried in the JSON body of <paramref name="owner"/> (not bound elsewhere, not its payload).</summary>
    public bool IsInBody(ServiceShape owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return Location is null && !string.Equals(owner.Payload, Name, StringComparison.Ordinal);
    }
}
