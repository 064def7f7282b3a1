using System.Numerics;

namespace Tollgate.Vulnerabilities.Versions;

/// <summary>
/// Maven's ComparableVersion: items split on "." and "-" and digit/letter changes, each "-" or change opening a
/// sub-list; known qualifiers ordered alpha &lt; beta &lt; milestone &lt; rc &lt; snapshot &lt; release &lt; sp &lt; anything else.
/// </summary>
public sealed class MavenComparer : IVersionComparer
{
    public static readonly MavenComparer Instance = new();

    private static readonly string[] Qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
    private static readonly string ReleaseIndex = Array.IndexOf(Qualifiers, "").ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Scheme => "maven";

    public int Compare(string a, string b) => CompareItems(Parse(a), Parse(b));

    // An item is a BigInteger, a string (the qualifier), or a List<object> (a sub-list).
    private static List<object> Parse(string version)
    {
        version = version.Trim().ToLowerInvariant();
        var root = new List<object>();
        var list = root;
        var stack = new Stack<List<object>>();
        stack.Push(root);
        var isDigit = false;
        var start = 0;
        for (var i = 0; i < version.Length; i++)
        {
            var c = version[i];
            if (c is '.' or '-')
            {
                list.Add(i == start ? BigInteger.Zero : ParseItem(isDigit, version[start..i], false));
                start = i + 1;
                if (c == '-')
                {
                    list = Open(list, stack);
                }
            }
            else if (DigitString.IsDigit(c))
            {
                if (!isDigit && i > start)
                {
                    list.Add(ParseItem(false, version[start..i], true));
                    start = i;
                    list = Open(list, stack);
                }

                isDigit = true;
            }
            else
            {
                if (isDigit && i > start)
                {
                    list.Add(ParseItem(true, version[start..i], false));
                    start = i;
                    list = Open(list, stack);
                }

                isDigit = false;
            }
        }

        if (version.Length > start)
        {
            list.Add(ParseItem(isDigit, version[start..], false));
        }

        while (stack.Count > 0)
        {
            Normalize(stack.Pop());
        }

        return root;
    }

    private static List<object> Open(List<object> parent, Stack<List<object>> stack)
    {
        var sub = new List<object>();
        parent.Add(sub);
        stack.Push(sub);
        return sub;
    }

    private static object ParseItem(bool isDigit, string text, bool followedByDigit)
    {
        if (isDigit)
        {
            return BigInteger.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (followedByDigit && text.Length == 1)
        {
            text = text[0] switch
            {
                'a' => "alpha",
                'b' => "beta",
                'm' => "milestone",
                _ => text,
            };
        }

        return text switch
        {
            "ga" or "final" or "release" => "",
            "cr" => "rc",
            _ => text,
        };
    }

    private static bool IsNull(object item) => item switch
    {
        BigInteger n => n.IsZero,
        string s => s.Length == 0,
        List<object> l => l.Count == 0,
        _ => false,
    };

    /// <summary>Drops trailing "null" items (0, "", empty lists) so "1.0.0" equals "1".</summary>
    private static void Normalize(List<object> list)
    {
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (IsNull(list[i]))
            {
                list.RemoveAt(i);
            }
            else if (list[i] is not List<object>)
            {
                break;
            }
        }
    }

    private static string ComparableQualifier(string q)
    {
        var i = Array.IndexOf(Qualifiers, q);
        return i >= 0 ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : Qualifiers.Length + "-" + q;
    }

    /// <summary>Compares one item with another, where null stands for "nothing there" (padding).</summary>
    private static int CompareItem(object? left, object? right)
    {
        switch (left)
        {
            case BigInteger n:
                return right switch
                {
                    null => n.IsZero ? 0 : 1,
                    BigInteger m => n.CompareTo(m),
                    _ => 1,
                };
            case string s:
                return right switch
                {
                    null => Math.Sign(string.CompareOrdinal(ComparableQualifier(s), ReleaseIndex)),
                    BigInteger => -1,
                    string t => Math.Sign(string.CompareOrdinal(ComparableQualifier(s), ComparableQualifier(t))),
                    _ => -1,
                };
            case List<object> l:
                return right switch
                {
                    null => l.Count == 0 ? 0 : CompareItem(l[0], null),
                    BigInteger => -1,
                    string => 1,
                    List<object> r => CompareItems(l, r),
                    _ => 0,
                };
            default:
                return right is null ? 0 : -CompareItem(right, null);
        }
    }

    private static int CompareItems(List<object> l, List<object> r)
    {
        for (var i = 0; i < Math.Max(l.Count, r.Count); i++)
        {
            var left = i < l.Count ? l[i] : null;
            var right = i < r.Count ? r[i] : null;
            var c = left is null ? (right is null ? 0 : -CompareItem(right, null)) : CompareItem(left, right);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }
}
