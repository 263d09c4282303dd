// Pure helpers of the databases views: labels, identifier quoting, error classes.
import type { IpcError } from "../ipc/bindings";
import type { Connector, DbKind, DbProfile, TlsMode } from "./types";

/** The server's default port (0 for SQLite), as `DbKind::default_port`. */
export function defaultPort(kind: DbKind): number {
  return kind === "mysql" ? 3306 : kind === "postgres" ? 5432 : 0;
}

/** How a kind is named to people. */
export const KIND_LABEL: Record<DbKind, string> = {
  mysql: "MySQL",
  postgres: "PostgreSQL",
  sqlite: "SQLite",
};

/** How a TLS mode is named to people. */
export const TLS_LABEL: Record<TlsMode, string> = {
  "verify-if-offered": "Verified TLS when offered (default)",
  disable: "Disable (plain TCP)",
  prefer: "Prefer (TLS when offered, certificate not checked)",
  require: "Require (certificate not checked)",
  "verify-ca": "Verify CA",
  "verify-full": "Verify CA and host name",
};

/** How a connector is named in the menu. */
export const CONNECTOR_LABEL: Record<Connector, string> = {
  jdbc: "JDBC",
  "mysql-cdc": "MySQL CDC",
  "postgres-cdc": "Postgres CDC",
};

/** `host:port/database`, or the file for SQLite (the profile row's detail). */
export function describeProfile(p: DbProfile): string {
  if (p.kind === "sqlite") return p.database;
  const port = p.port || defaultPort(p.kind);
  const host = p.host.includes(":") ? `[${p.host}]` : p.host;
  return `${host}:${port}${p.database ? "/" + p.database : ""}`;
}

/** An identifier quoted for `kind`: backticks for MySQL, double quotes otherwise (quotes doubled). */
export function quoteIdent(kind: DbKind, name: string): string {
  return kind === "mysql" ? "`" + name.replaceAll("`", "``") + "`" : '"' + name.replaceAll('"', '""') + '"';
}

/** `schema.table` quoted for `kind`; SQLite's `main` schema is left out. */
export function qualifiedName(kind: DbKind, schema: string, table: string): string {
  if (!schema || (kind === "sqlite" && schema === "main")) return quoteIdent(kind, table);
  return `${quoteIdent(kind, schema)}.${quoteIdent(kind, table)}`;
}

/** The "Query first 100 rows" statement. */
export function selectTopSql(kind: DbKind, schema: string, table: string, limit = 100): string {
  return `SELECT * FROM ${qualifiedName(kind, schema, table)} LIMIT ${limit}`;
}

/** Why a connector cannot read tables of `kind`, or null when it can. */
export function connectorMismatch(kind: DbKind, connector: Connector): string | null {
  if (connector === "mysql-cdc" && kind !== "mysql") return "MySQL CDC reads MySQL tables only";
  if (connector === "postgres-cdc" && kind !== "postgres") return "Postgres CDC reads PostgreSQL tables only";
  return null;
}

/**
 * Whether an error means the credentials need attention (a refused password, a missing keychain
 * entry, no keychain): the error line then offers "Edit connection".
 */
export function needsCredentials(e: IpcError): boolean {
  if (["auth", "secret", "keychain"].includes(e.kind)) return true;
  return /refused user|password|keychain|access denied|authentication failed/i.test(e.message);
}

/** Case-insensitive "contains" used by the filter box; `q` is already lower-case. */
export function matches(text: string, q: string): boolean {
  return q !== "" && text.toLowerCase().includes(q);
}

/** Whether a pasted URL carries a password (which parsing drops, on purpose). */
export function urlHasPassword(url: string): boolean {
  return /:\/\/[^/?@]*:[^/?@]*@/.test(url) || /[?&;](password|pwd)=/i.test(url);
}
