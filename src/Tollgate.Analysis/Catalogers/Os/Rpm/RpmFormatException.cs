namespace Tollgate.Analysis.Catalogers.Os.Rpm;

/// <summary>A structural problem in an rpm database or header; the reader turns it into a warning naming the file.</summary>
internal sealed class RpmFormatException(string message) : Exception(message);
