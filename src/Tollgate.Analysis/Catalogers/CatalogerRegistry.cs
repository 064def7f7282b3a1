namespace Tollgate.Analysis.Catalogers;

/// <summary>
/// Every cataloger the analysis runs, in one list: their content requests are gathered before the
/// layer pass, then each parses what it asked for. Add a cataloger here and nowhere else.
/// </summary>
public static class CatalogerRegistry
{
    public static IReadOnlyList<ICataloger> All { get; } =
    [
        new Os.Dpkg.DpkgCataloger(),
        new Os.Apk.ApkCataloger(),
        new Os.Rpm.RpmCataloger(),
        new Language.Npm.NpmCataloger(),
        new Language.Python.PythonCataloger(),
        new Language.Java.JavaCataloger(),
        new Language.Go.GoCataloger(),
        new Language.DotNet.DotNetCataloger(),
        new Language.Ruby.RubyCataloger(),
        new Language.Rust.RustCataloger(),
        new Language.Php.PhpCataloger(),
        new Binary.BinaryClassifierCataloger(),
    ];
}
