// Opens each packed .nupkg and .snupkg and checks what a consumer needs is inside: the assembly, its XML docs, the
// README the package page shows, the license expression, description, tags and version. Used by .ci/run:
//
//   dotnet run eng/check-package.cs -- artifacts/packages
using System.IO.Compression;
using System.Xml.Linq;

string directory = args.Length > 0 ? args[0] : "artifacts/packages";
string[] ids = ["Bedrock.Foundations", "Bedrock.Foundations.Testing"];
foreach (string id in ids)
{
    if (Check(directory, id) is string problem)
    {
        Console.Error.WriteLine("check-package: " + problem);
        return 1;
    }
}

string[] all = Directory.GetFiles(directory, "*.nupkg");
if (all.Length != ids.Length)
{
    Console.Error.WriteLine($"check-package: expected {ids.Length} packages in {directory}, found {string.Join(", ", all.Select(Path.GetFileName))}");
    return 1;
}

return 0;

static string? Check(string directory, string id)
{
    // "<id>.<version>.nupkg" whose version starts with a digit (so "Bedrock.Foundations" does not match the Testing package).
    string[] packages = Directory.GetFiles(directory, id + ".*.nupkg")
        .Where(p => !p.EndsWith(".symbols.nupkg", StringComparison.Ordinal)
            && char.IsAsciiDigit(Path.GetFileName(p)[(id.Length + 1)..][0]))
        .ToArray();
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
