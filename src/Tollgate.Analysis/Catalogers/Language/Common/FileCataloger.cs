using System.Text.Json;
using Tollgate.Analysis.Model;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Catalogers.Language.Common;

/// <summary>What a parser sees of one kept file: its content, where it is, and a way to report problems.</summary>
public sealed record ParseInput(Stream Content, Location Location, Action<string> Warn, CatalogContext? Context = null);

/// <summary>A pure parser: one file in, packages and relationships out. Throws on input it cannot read.</summary>
public delegate CatalogResult FileParser(ParseInput input);

/// <summary>One content request and the parser for the files it keeps.</summary>
public sealed record ParserBinding(ContentRequest Request, FileParser Parse);

/// <summary>
/// The common shape of a language cataloger (syft's generic cataloger): declare content requests, run a pure
/// parser on each kept, squashed-visible file. A parser that throws costs one warning naming the file, never the run.
/// </summary>
public class FileCataloger(string name, params ParserBinding[] parsers) : ICataloger
{
    public string Name { get; } = name;

    public virtual IReadOnlyList<ContentRequest> Requests { get; } = parsers.Select(p => p.Request).ToList();

    public virtual CatalogResult Catalog(CatalogContext context)
    {
        var packages = new List<Package>();
        var relationships = new List<Relationship>();
        foreach (var binding in parsers)
        {
            foreach (var file in context.Contents.For(binding.Request.Name).Where(f => !f.Shadowed))
            {
                var location = context.LocationOf(file);
                try
                {
                    using var stream = context.Contents.Open(file);
                    var result = binding.Parse(new ParseInput(stream, location, context.Warn, context));
                    packages.AddRange(result.Packages);
                    relationships.AddRange(result.Relationships);
                }
                catch (Exception e) when (IsBadInput(e))
                {
                    context.Warn($"{file.Path}: {Name} could not parse it: {e.Message}");
                }
            }
        }

        return Finish(context, new CatalogResult { Packages = packages, Relationships = relationships });
    }

    /// <summary>Hook for catalogers that merge what several files said (e.g. an installed package and its lockfile entry).</summary>
    protected virtual CatalogResult Finish(CatalogContext context, CatalogResult result) => result;

    /// <summary>Malformed content of every kind a parser can meet; programming errors still surface.</summary>
    public static bool IsBadInput(Exception e) =>
        e is JsonException or InvalidDataException or FormatException or EndOfStreamException or IOException
            or System.Xml.XmlException or YamlDotNet.Core.YamlException
            or OverflowException or ArgumentException or KeyNotFoundException or InvalidOperationException
            or IndexOutOfRangeException or NotSupportedException or BadImageFormatException;
}
