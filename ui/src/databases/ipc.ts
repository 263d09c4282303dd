// The Databases view's commands: one method per Rust `db_*` command.
import { invoke } from "@tauri-apps/api/core";
import { api, toIpcError } from "../ipc/api";
import type { Connector, DbApi, DbProfile, DbTestResult, KeychainStatus, TableInfo, TableMeta } from "./types";

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toIpcError(e);
  }
}

export const dbApi: DbApi = {
  profiles: () => call<DbProfile[]>("db_profiles"),
  parseJdbcUrl: (url: string) => call<DbProfile>("db_parse_url", { url }),
  saveProfile: (profile: DbProfile, password: string | null, sessionOnly: boolean) =>
    call<DbProfile>("db_save_profile", { profile, password, sessionOnly }),
  deleteProfile: (name: string) => call<void>("db_delete_profile", { name }),
  testProfile: (profile: DbProfile, password: string | null) => call<DbTestResult>("db_test", { profile, password }),
  keychainStatus: () => call<KeychainStatus>("db_keychain_status"),
  schemas: (profile: string) => call<string[]>("db_schemas", { profile }),
  tables: (profile: string, schema: string) => call<TableInfo[]>("db_tables", { profile, schema }),
  tableMeta: (profile: string, schema: string, table: string) =>
    call<TableMeta>("db_table_meta", { profile, schema, table }),
  generateDdl: (profile: string, schema: string, table: string, connector: Connector) =>
    call<string>("db_generate_ddl", { profile, schema, table, connector }),
  generatePipeline: (profile: string, schema: string, table: string) =>
    call<string>("db_generate_pipeline", { profile, schema, table }),
  copyText: async (text: string) => {
    await api.copyText(text);
  },
};
