namespace Tollgate.Analysis.Catalogers.Os.Rpm;

/// <summary>One stored header: its key in the database (instance number, hnum or NDB package index) and its bytes.</summary>
internal readonly record struct RpmHeaderBlob(long Key, byte[] Data);
