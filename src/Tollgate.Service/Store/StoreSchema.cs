namespace Tollgate.Service.Store;

/// <summary>
/// The tables of one area of the store (images, policies, subscriptions, …) as an ordered list of migrations. Each
/// area migrates on its own, so areas are added without touching each other's SQL. Migrations are append-only: never
/// edit a shipped one, add the next. Statements use the tokens of <see cref="SqlDialectTokens"/>; one migration may
/// hold several statements separated by ";\n".
/// </summary>
public sealed record StoreSchema(string Area, IReadOnlyList<string> Migrations);
