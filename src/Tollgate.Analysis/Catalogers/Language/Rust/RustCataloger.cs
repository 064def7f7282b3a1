using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Catalogers.Language.Rust;

/// <summary>
/// Crates: Cargo.lock files and cargo-auditable binaries. The binaries are the ELF files the Go cataloger's
/// <see cref="ElfBinaries.Request"/> keeps (one request, so each binary is kept once); this cataloger reads them too.
/// </summary>
public sealed class RustCataloger() : FileCataloger(
    "rust",
    new ParserBinding(new ContentRequest { Name = "rust-cargo-lock", PathMatches = ContentRequest.Globs("**/Cargo.lock") }, CargoLockParser.Parse))
{
    public override CatalogResult Catalog(CatalogContext context)
    {
        var locks = base.Catalog(context);
        var binaries = new FileCataloger(Name, new ParserBinding(ElfBinaries.Request, AuditableBinaryParser.Parse)).Catalog(context);
        return new CatalogResult
        {
            Packages = [.. locks.Packages, .. binaries.Packages],
            Relationships = [.. locks.Relationships, .. binaries.Relationships],
        };
    }
}
