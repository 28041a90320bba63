using System.Diagnostics.CodeAnalysis;

// The types in Bedrock.Foundations.Aws.Model are wire DTOs: one class per shape of the Bedrock service models, one
// property per member. Their form is set by the wire, not by API design taste, so a few design rules do not fit:
// - CA2227 (collection properties should be read only): null must stay distinguishable from empty (an absent member
//   is not an empty list on the wire), the source-generated serializer needs a setter, and callers build requests
//   by assigning whole lists. `init` setters would forbid the post-construction edits the mapping code makes.
// - CA1819 (properties should not return arrays): blob members are byte[] so they serialize as base64 strings.
// - CA1056 (URI properties should not be strings): URLs and S3 URIs are opaque strings passed through unchanged.
// - CA1711 (identifiers should not have incorrect suffix) and CA1724 (type names should not match namespaces):
//   the classes are named exactly as the shapes (ValidationException, Message, …) so they can be looked up by name.
[assembly: SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Wire DTOs mirroring the service model; see the comment above.", Scope = "namespaceanddescendants", Target = "~N:Bedrock.Foundations.Aws.Model")]
[assembly: SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Blob members are byte[] (base64 on the wire); see the comment above.", Scope = "namespaceanddescendants", Target = "~N:Bedrock.Foundations.Aws.Model")]
[assembly: SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "Opaque wire strings; see the comment above.", Scope = "namespaceanddescendants", Target = "~N:Bedrock.Foundations.Aws.Model")]
[assembly: SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Named exactly as the service-model shapes; see the comment above.", Scope = "namespaceanddescendants", Target = "~N:Bedrock.Foundations.Aws.Model")]
[assembly: SuppressMessage("Naming", "CA1724:Type names should not match namespaces", Justification = "Named exactly as the service-model shapes; see the comment above.", Scope = "namespaceanddescendants", Target = "~N:Bedrock.Foundations.Aws.Model")]

// RS0041 (public API uses oblivious reference types): the System.Text.Json source generator emits BedrockJsonContext's
// JsonTypeInfo properties outside a nullable context; they are non-null by construction and listed in the public API.
[assembly: SuppressMessage("ApiDesign", "RS0041:Public members should not use oblivious types", Justification = "Source-generated JsonTypeInfo properties of BedrockJsonContext; see the comment above.", Scope = "namespaceanddescendants", Target = "~N:Bedrock.Foundations.Aws.Model")]
