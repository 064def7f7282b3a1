namespace Tollgate.Vulnerabilities.Database;

/// <summary>
/// The one-file vulnerability DB. Bump <see cref="Version"/> on any change; a DB of another version is refused
/// (rebuild it with `tollgate db import|update`) rather than misread. Version 2 added `problems` (each record's
/// alias closure, derived at the end of every build, <see cref="ProblemTable"/>) and the (source, id) indexes an
/// incremental NVD update deletes a changed record's rows by.
/// </summary>
public static class VulnDbSchema
{
    public const int Version = 2;

    public const string Create = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE sources(name TEXT PRIMARY KEY, last_sync TEXT, url TEXT, etag TEXT, last_modified TEXT);
        CREATE TABLE vulnerabilities(
            source TEXT NOT NULL, id TEXT NOT NULL, summary TEXT, severity TEXT, severity_source TEXT,
            cvss_score REAL, cvss_vector TEXT, published TEXT, modified TEXT, urls TEXT, cwes TEXT,
            PRIMARY KEY(source, id));
        CREATE INDEX vulnerabilities_id ON vulnerabilities(id);
        CREATE TABLE aliases(source TEXT NOT NULL, id TEXT NOT NULL, alias TEXT NOT NULL, UNIQUE(source, id, alias));
        CREATE INDEX aliases_alias ON aliases(alias);
        CREATE INDEX aliases_id ON aliases(id);
        CREATE TABLE affected(
            source TEXT NOT NULL, id TEXT NOT NULL, namespace TEXT NOT NULL, package TEXT NOT NULL,
            ranges TEXT, versions TEXT, fix_state TEXT, severity TEXT);
        CREATE INDEX affected_package ON affected(namespace, package);
        CREATE INDEX affected_record ON affected(source, id);
        CREATE TABLE cpes(source TEXT NOT NULL, id TEXT NOT NULL, vendor TEXT NOT NULL, product TEXT NOT NULL, criteria TEXT NOT NULL, ranges TEXT);
        CREATE INDEX cpes_product ON cpes(product, vendor);
        CREATE INDEX cpes_record ON cpes(source, id);
        CREATE TABLE kev(cve TEXT PRIMARY KEY, date_added TEXT, due_date TEXT, ransomware TEXT, name TEXT);
        CREATE TABLE problems(id TEXT PRIMARY KEY, ids TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE epss(cve TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL NOT NULL, date TEXT);
        """;
}
