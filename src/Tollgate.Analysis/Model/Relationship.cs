namespace Tollgate.Analysis.Model;

public static class RelationshipTypes
{
    public const string DependsOn = "depends-on";
    public const string DevDependsOn = "dev-depends-on";
    public const string OwnsFile = "owns-file";

    /// <summary>An OS package that contains a language package or binary (its files are the package's).</summary>
    public const string Contains = "contains";
}

/// <summary>A directed edge: <c>From</c> depends-on / owns / contains <c>To</c> (package ids or file paths).</summary>
public sealed record Relationship(string From, string To, string Type);
