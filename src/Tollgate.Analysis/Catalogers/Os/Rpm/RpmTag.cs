namespace Tollgate.Analysis.Catalogers.Os.Rpm;

/// <summary>The rpm header tags we read (numbers from rpm's rpmtag.h).</summary>
internal static class RpmTag
{
    /// <summary>Tags below this are region/signature markers (HEADER_IMAGE 61, HEADER_SIGNATURES 62, HEADER_IMMUTABLE 63).</summary>
    public const int FirstPackageTag = 100;

    public const int Name = 1000;
    public const int Version = 1001;
    public const int Release = 1002;
    public const int Epoch = 1003;
    public const int Size = 1009;
    public const int Vendor = 1011;
    public const int License = 1014;
    public const int Arch = 1022;
    public const int OldFileNames = 1027;
    public const int FileSizes = 1028;
    public const int FileModes = 1030;
    public const int FileDigests = 1035;
    public const int SourceRpm = 1044;
    public const int ProvideName = 1047;
    public const int RequireName = 1049;
    public const int DirIndexes = 1116;
    public const int BaseNames = 1117;
    public const int DirNames = 1118;
    public const int LongFileSizes = 5008;
    public const int LongSize = 5009;
    public const int FileDigestAlgo = 5011;
    public const int ModularityLabel = 5096;
}

/// <summary>Header entry data types (rpmTagType).</summary>
internal enum RpmTagType
{
    Null = 0,
    Char = 1,
    Int8 = 2,
    Int16 = 3,
    Int32 = 4,
    Int64 = 5,
    String = 6,
    Bin = 7,
    StringArray = 8,
    I18NString = 9,
}
