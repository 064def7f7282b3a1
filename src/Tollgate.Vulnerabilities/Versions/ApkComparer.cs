using System.Numerics;

namespace Tollgate.Vulnerabilities.Versions;

/// <summary>
/// apk-tools ordering: digits, letters, <c>_suffix</c> (alpha &lt; beta &lt; pre &lt; rc &lt; release &lt; cvs &lt; svn &lt; git &lt; hg &lt; p)
/// and <c>-rN</c>, walked as a token state machine like apk's version.c.
/// </summary>
public sealed class ApkComparer : IVersionComparer
{
    public static readonly ApkComparer Instance = new();

    private static readonly string[] PreSuffixes = ["alpha", "beta", "pre", "rc"];
    private static readonly string[] PostSuffixes = ["cvs", "svn", "git", "hg", "p"];

    public string Scheme => "apk";

    // Token kinds in apk's order; a later kind after an earlier one is only valid in the listed cases.
    private enum Token
    {
        Invalid = -1,
        DigitOrZero,
        Digit,
        Letter,
        Suffix,
        SuffixNo,
        RevisionNo,
        End,
    }

    public int Compare(string a, string b)
    {
        var at = Token.Digit;
        var bt = Token.Digit;
        BigInteger av = 0, bv = 0;
        int ai = 0, bi = 0;
        a = a.Trim();
        b = b.Trim();
        while (at == bt && at != Token.End && at != Token.Invalid && av == bv)
        {
            av = GetToken(ref at, a, ref ai);
            bv = GetToken(ref bt, b, ref bi);
        }

        if (av != bv)
        {
            return av < bv ? -1 : 1;
        }

        if (at == bt)
        {
            return 0;
        }

        // Same leading parts: the longer one is newer, unless what follows is a pre-release suffix.
        var tt = at;
        var ti = ai;
        if (at == Token.Suffix && GetToken(ref tt, a, ref ti) < 0)
        {
            return -1;
        }

        tt = bt;
        ti = bi;
        if (bt == Token.Suffix && GetToken(ref tt, b, ref ti) < 0)
        {
            return 1;
        }

        if (at > bt)
        {
            return -1;
        }

        return bt > at ? 1 : 0;
    }

    private static void NextToken(ref Token type, string s, ref int i)
    {
        var n = Token.Invalid;
        if (i >= s.Length)
        {
            n = Token.End;
        }
        else if (type is Token.Digit or Token.DigitOrZero && s[i] is >= 'a' and <= 'z')
        {
            n = Token.Letter;
        }
        else if (type == Token.Letter && DigitString.IsDigit(s[i]))
        {
            n = Token.Digit;
        }
        else if (type == Token.Suffix && DigitString.IsDigit(s[i]))
        {
            n = Token.SuffixNo;
        }
        else
        {
            switch (s[i])
            {
                case '.':
                    n = Token.DigitOrZero;
                    break;
                case '_':
                    n = Token.Suffix;
                    break;
                case '-':
                    if (i + 1 < s.Length && s[i + 1] == 'r')
                    {
                        n = Token.RevisionNo;
                        i++;
                    }

                    break;
            }

            i++;
        }

        if (n < type && !((n == Token.DigitOrZero && type == Token.Digit) || (n == Token.Suffix && type == Token.SuffixNo) || (n == Token.Digit && type == Token.Letter)))
        {
            n = Token.Invalid;
        }

        type = n;
    }

    private static BigInteger GetToken(ref Token type, string s, ref int i)
    {
        if (i >= s.Length)
        {
            type = Token.End;
            return 0;
        }

        BigInteger v = 0;
        var start = i;
        var next = Token.Invalid;
        switch (type)
        {
            case Token.DigitOrZero when s[i] == '0':
                // Leading zeros after a dot compare like a fraction: "1.01" < "1.1".
                while (i < s.Length && s[i] == '0')
                {
                    i++;
                }

                next = Token.Digit;
                v = -(i - start);
                break;
            case Token.DigitOrZero:
            case Token.Digit:
            case Token.SuffixNo:
            case Token.RevisionNo:
                while (i < s.Length && DigitString.IsDigit(s[i]))
                {
                    i++;
                }

                v = i > start ? BigInteger.Parse(s.AsSpan(start, i - start)) : 0;
                break;
            case Token.Letter:
                v = s[i++];
                break;
            case Token.Suffix:
                var at = i;
                var pre = Array.FindIndex(PreSuffixes, p => string.CompareOrdinal(s, at, p, 0, p.Length) == 0);
                if (pre >= 0)
                {
                    i += PreSuffixes[pre].Length;
                    v = pre - PreSuffixes.Length;
                    break;
                }

                var post = Array.FindIndex(PostSuffixes, p => string.CompareOrdinal(s, at, p, 0, p.Length) == 0);
                if (post >= 0)
                {
                    i += PostSuffixes[post].Length;
                    v = post;
                    break;
                }

                type = Token.Invalid;
                return -1;
            default:
                type = Token.Invalid;
                return -1;
        }

        if (i >= s.Length)
        {
            type = Token.End;
        }
        else if (next != Token.Invalid)
        {
            type = next;
        }
        else
        {
            NextToken(ref type, s, ref i);
        }

        return v;
    }
}
