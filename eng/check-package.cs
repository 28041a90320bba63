// Opens the packed .nupkg and .snupkg and checks what a consumer needs is inside: the assembly, its XML docs, the
// README the package page shows, the license expression, description, tags and version. Used by .ci/run:
//
//   dotnet run eng/check-package.cs -- artifacts/packages
using System.IO.Compression;
using System.Xml.Linq;

string directory = args.Length > 0 ? args[0] : "artifacts/packages";
string[] packages = Directory.GetFiles(directory, "Bedrock.Foundations.*.nupkg")
    .Where(p => !p.EndsWith(".symbols.nupkg", StringComparison.Ordinal))
    .ToArray();
if (packages.Length != 1)
{
    return Fail($"expected one Bedrock.Foundations.<version>.nupkg in {directory}, found {packages.Length}");
}

string package = packages[0];
string symbols = Path.ChangeExtension(package, ".snupkg");
if (!File.Exists(symbols))
{
    return Fail($"{symbols} is missing");
}

using ZipArchive archive = ZipFile.OpenRead(package);
string[] entries = archive.Entries.Select(e => e.FullName).ToArray();
string[] required = ["README.md", "lib/net10.0/Bedrock.Foundations.dll", "lib/net10.0/Bedrock.Foundations.xml", "Bedrock.Foundations.nuspec"];
string[] missing = required.Where(r => !entries.Contains(r)).ToArray();
if (missing.Length > 0)
{
    return Fail($"{Path.GetFileName(package)} lacks {string.Join(", ", missing)}; it has {string.Join(", ", entries)}");
}

using (Stream nuspecStream = archive.GetEntry("Bedrock.Foundations.nuspec")!.Open())
{
    XElement metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
    string version = Value("version");
    if (Value("license") != "MIT" || Value("readme") != "README.md" || Value("description").Length < 20 || Value("tags").Length == 0
        || !Path.GetFileName(package).Equals($"Bedrock.Foundations.{version}.nupkg", StringComparison.Ordinal))
    {
        return Fail($"nuspec metadata incomplete: license '{Value("license")}', readme '{Value("readme")}', version '{version}', tags '{Value("tags")}'");
    }

    Console.WriteLine($"{Path.GetFileName(package)}: version {version}, license {Value("license")}, tags '{Value("tags")}'");
}

using (ZipArchive symbolArchive = ZipFile.OpenRead(symbols))
{
    if (!symbolArchive.Entries.Any(e => e.FullName == "lib/net10.0/Bedrock.Foundations.pdb"))
    {
        return Fail($"{Path.GetFileName(symbols)} has no lib/net10.0/Bedrock.Foundations.pdb");
    }
}

long docs = archive.GetEntry("lib/net10.0/Bedrock.Foundations.xml")!.Length;
Console.WriteLine($"package OK: {entries.Length} entries, XML docs {docs:N0} bytes, symbols in {Path.GetFileName(symbols)}");
return 0;

static int Fail(string message)
{
    Console.Error.WriteLine("check-package: " + message);
    return 1;
}
