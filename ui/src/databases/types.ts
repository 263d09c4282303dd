// The Databases view's IPC types, generated from weir-db and weir's Rust types
// (crates/weir/src/ipc.rs → ui/src/ipc/bindings.ts); only the command interface is declared here.
import type { Connector, DbProfile, DbTestResult, KeychainStatus, TableInfo, TableMeta } from "../ipc/bindings";

export type {
  ColumnInfo,
  Connector,
  DbKind,
  DbProfile,
  DbTestResult,
  IndexInfo,
  KeychainStatus,
  TableInfo,
  TableKind,
  TableMeta,
  TlsMode,
  TlsOptions,
} from "../ipc/bindings";

/**
 * The database commands the views use. Every method rejects with an `IpcError`
 * (`{kind, message}`, see ui/src/ipc/api.ts `toIpcError`).
 */
export interface DbApi {
  profiles(): Promise<DbProfile[]>;
  /** Reads a JDBC URL as people paste it; rejects with the parser's message. */
  parseJdbcUrl(url: string): Promise<DbProfile>;
  /**
   * Saves a profile. `password` (null = keep the stored one / none) goes to the keychain, or to
   * session memory when `sessionOnly`.
   */
  saveProfile(profile: DbProfile, password: string | null, sessionOnly: boolean): Promise<DbProfile>;
  deleteProfile(name: string): Promise<void>;
  /** Connects once; `password` null = the stored one. */
  testProfile(profile: DbProfile, password: string | null): Promise<DbTestResult>;
  keychainStatus(): Promise<KeychainStatus>;
  schemas(profile: string): Promise<string[]>;
  tables(profile: string, schema: string): Promise<TableInfo[]>;
  tableMeta(profile: string, schema: string, table: string): Promise<TableMeta>;
  generateDdl(profile: string, schema: string, table: string, connector: Connector): Promise<string>;
  /** CDC source, JDBC sink and the aligned INSERT INTO … SELECT for one table. */
  generatePipeline(profile: string, schema: string, table: string): Promise<string>;
  /** Puts text on the system clipboard (through Rust: WebKitGTK's clipboard API never settles). */
  copyText(text: string): Promise<void>;
}
