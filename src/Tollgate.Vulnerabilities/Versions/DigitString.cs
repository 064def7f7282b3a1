namespace Tollgate.Vulnerabilities.Versions;

/// <summary>
/// Compares runs of ASCII digits of any length without parsing them (feeds hold 30-digit components that
/// overflow every integer type).
/// </summary>
internal static class DigitString
{
    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        if (a.Length != b.Length)
        {
            return a.Length < b.Length ? -1 : 1;
        }

        return Math.Sign(a.SequenceCompareTo(b));
    }

    public static bool IsDigit(char c) => c is >= '0' and <= '9';

    public static bool IsLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    public static bool IsAllDigits(ReadOnlySpan<char> s) => s.Length > 0 && !s.ContainsAnyExcept("0123456789");
}
