namespace Tollgate.Vulnerabilities.Versions;

/// <summary>Orders two versions of one scheme the way that ecosystem's own tool does.</summary>
public interface IVersionComparer
{
    /// <summary>Scheme name: "dpkg", "rpm", "apk", "semver", "pep440", "maven", "rubygems", "nuget", "composer".</summary>
    string Scheme { get; }

    /// <summary>Negative when <paramref name="a"/> is older, 0 when equal, positive when newer.</summary>
    int Compare(string a, string b);
}
