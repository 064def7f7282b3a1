namespace Tollgate.Analysis.Catalogers.Language.Common;

/// <summary>Magic numbers the language catalogers sniff for.</summary>
public static class Sniffs
{
    public static bool Zip(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;

    public static bool Elf(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';

    public static bool Pe(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 'M' && head[1] == 'Z';
}
