// Adding or editing a database connection: from a pasted JDBC URL or field by field. The password
// goes to the OS keychain — or, when there is none and the person says so, to memory for this
// session — and is never shown again: on edit an empty password keeps the stored one.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { toIpcError } from "../ipc/api";
import type { DbApi, DbKind, DbProfile, DbTestResult, KeychainStatus, TlsMode } from "./types";
import { KIND_LABEL, TLS_LABEL, defaultPort, urlHasPassword } from "./dbModel";
import "./databases.css";

export interface DbConnectionDialogProps {
  api: DbApi;
  /** The profile to edit, or null to add one. */
  profile: DbProfile | null;
  /** Names already taken (a new connection may not reuse one). */
  existingNames?: string[];
  onSaved(profile: DbProfile): void;
  onClose(): void;
}

/** What the form holds: text as typed. */
export interface Draft {
  name: string;
  kind: DbKind;
  host: string;
  port: string;
  database: string;
  user: string;
  tlsMode: TlsMode;
  caFile: string;
  timeout: string;
  params: { [key in string]: string };
}

/** A form field a message can point at. */
export type Field = "name" | "host" | "port" | "database" | "user" | "password" | "caFile" | "timeout";

export interface FieldError {
  field: Field;
  message: string;
}

const EMPTY: Draft = {
  name: "",
  kind: "mysql",
  host: "",
  port: "",
  database: "",
  user: "",
  tlsMode: "verify-if-offered",
  caFile: "",
  timeout: "",
  params: {},
};

export const NO_KEYCHAIN = "No Secret Service is running: the password cannot be stored in the OS keychain";

/** The form's text for a profile. */
export function toDraft(p: DbProfile): Draft {
  return {
    name: p.name,
    kind: p.kind,
    host: p.host,
    port: p.port ? String(p.port) : "",
    database: p.database,
    user: p.user,
    tlsMode: p.tls.mode,
    caFile: p.tls.caFile ?? "",
    timeout: p.timeoutSecs === null ? "" : String(p.timeoutSecs),
    params: { ...p.params },
  };
}

/**
 * The profile a draft describes, or the first field that is wrong (the message names it).
 * `base` is the profile being edited (its password key is kept).
 */
export function fromDraft(d: Draft, base: DbProfile | null, checkName = true): DbProfile | FieldError {
  const name = d.name.trim();
  if (checkName && !name) return { field: "name", message: "Name: the connection needs a name" };
  const sqlite = d.kind === "sqlite";
  if (sqlite && !d.database.trim()) {
    return { field: "database", message: "Database file: an SQLite connection needs the path of its file" };
  }
  if (!sqlite && !d.host.trim()) return { field: "host", message: "Host: enter the server's host name or address" };
  if (d.kind === "postgres" && !d.database.trim()) {
    return { field: "database", message: "Database: a PostgreSQL connection needs a database name" };
  }
  let port = 0;
  const portText = d.port.trim();
  if (!sqlite && portText) {
    port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
      return { field: "port", message: `Port: a number from 1 to 65535 (empty: ${defaultPort(d.kind)})` };
    }
  }
  const timeoutText = d.timeout.trim();
  if (timeoutText && (!/^\d+$/.test(timeoutText) || Number(timeoutText) < 1)) {
    return { field: "timeout", message: "Timeout: a whole number of seconds (empty: 10)" };
  }
  return {
    name,
    kind: d.kind,
    host: sqlite ? "" : d.host.trim(),
    port: sqlite ? 0 : port,
    database: d.database.trim(),
    user: sqlite ? "" : d.user.trim(),
    passwordKey: base?.passwordKey ?? null,
    tls: { mode: d.tlsMode, caFile: !sqlite && d.caFile.trim() ? d.caFile.trim() : null },
    params: { ...d.params },
    timeoutSecs: timeoutText ? Number(timeoutText) : null,
  };
}

const isFieldError = (v: DbProfile | FieldError): v is FieldError => "field" in v && "message" in v;

type TestState = { kind: "running" } | { kind: "ok"; result: DbTestResult } | { kind: "failed"; message: string };

export function DbConnectionDialog({ api, profile, existingNames = [], onSaved, onClose }: DbConnectionDialogProps) {
  const editing = profile !== null;
  const [draft, setDraft] = useState<Draft>(() => (profile ? toDraft(profile) : EMPTY));
  const [password, setPassword] = useState("");
  const [sessionOnly, setSessionOnly] = useState(false);
  const [keychain, setKeychain] = useState<KeychainStatus | null>(null);
  const [url, setUrl] = useState("");
  const [urlState, setUrlState] = useState<{ kind: "parsing" } | { kind: "error"; message: string } | { kind: "ok"; note: string | null } | null>(null);
  const [fieldError, setFieldError] = useState<FieldError | null>(null);
  const [test, setTest] = useState<TestState | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    firstRef.current?.focus();
    api.keychainStatus().then(
      (s) => alive.current && setKeychain(s),
      (e: unknown) =>
        alive.current &&
        setKeychain({ available: false, message: `Could not check the OS keychain: ${toIpcError(e).message}` }),
    );
    return () => {
      alive.current = false;
    };
  }, [api]);

  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setFieldError(null);
    setSaveError(null);
  };

  const noKeychain = keychain !== null && !keychain.available;
  const sqlite = draft.kind === "sqlite";

  const applyUrl = async () => {
    const text = url.trim();
    if (!text) {
      setUrlState({ kind: "error", message: "Paste a JDBC URL first, e.g. jdbc:mysql://host:3306/db" });
      return;
    }
    setUrlState({ kind: "parsing" });
    try {
      const p = await api.parseJdbcUrl(text);
      if (!alive.current) return;
      setDraft((d) => ({
        ...toDraft(p),
        // A name typed (or kept on edit) wins over the one taken from the URL.
        name: editing || d.name.trim() ? d.name : p.name,
        timeout: p.timeoutSecs === null ? d.timeout : String(p.timeoutSecs),
      }));
      setFieldError(null);
      setUrlState({
        kind: "ok",
        note: urlHasPassword(text) ? "The password in the URL is not kept there; enter it below." : null,
      });
    } catch (e) {
      if (alive.current) setUrlState({ kind: "error", message: toIpcError(e).message });
    }
  };

  const onUrlKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      void applyUrl();
    }
  };

  const runTest = async () => {
    const p = fromDraft(draft, profile, false);
    if (isFieldError(p)) return setFieldError(p);
    setTest({ kind: "running" });
    try {
      const result = await api.testProfile({ ...p, name: p.name || "(new connection)" }, password === "" ? null : password);
      if (alive.current) setTest({ kind: "ok", result });
    } catch (e) {
      if (alive.current) setTest({ kind: "failed", message: toIpcError(e).message });
    }
  };

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (saving) return;
    const name = draft.name.trim();
    if (!editing && existingNames.includes(name)) {
      return setFieldError({ field: "name", message: `Name: a connection named '${name}' already exists` });
    }
    const p = fromDraft(draft, profile);
    if (isFieldError(p)) return setFieldError(p);
    const pw = password === "" ? null : password;
    if (pw !== null && noKeychain && !sessionOnly) {
      return setFieldError({
        field: "password",
        message:
          'Password: the OS keychain is not available. Tick "Use this password for this session only", or leave the password empty',
      });
    }
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await api.saveProfile(p, pw, pw !== null && noKeychain && sessionOnly);
      if (alive.current) onSaved(saved);
    } catch (err) {
      if (alive.current) setSaveError(toIpcError(err).message);
    } finally {
      if (alive.current) setSaving(false);
    }
  };

  const errorFor = (field: Field): ReactNode =>
    fieldError?.field === field ? (
      <span className="db-field-error" role="alert" data-testid="db-field-error" data-field={field}>
        {fieldError.message}
      </span>
    ) : null;
  const invalid = (field: Field) => (fieldError?.field === field ? true : undefined);

  const params = Object.entries(draft.params);
  const storedPassword = editing && profile.passwordKey !== null;
  return (
    <div className="db-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        className="db-dialog"
        role="dialog"
        aria-label={editing ? `Edit connection ${profile.name}` : "Add database"}
        data-testid="db-dialog"
        onSubmit={(e) => void save(e)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
        noValidate
      >
        <h2 className="db-dialog-title">{editing ? `Edit connection ${profile.name}` : "Add database"}</h2>

        <label className="db-field">
          <span>Paste a JDBC URL</span>
          <span className="db-url-row">
            <input
              ref={firstRef}
              data-testid="db-url"
              value={url}
              spellCheck={false}
              autoComplete="off"
              placeholder="jdbc:mysql://host:3306/db  ·  jdbc:postgresql://host:5432/db?sslmode=require  ·  jdbc:sqlite:/path/file.db"
              onChange={(e) => {
                setUrl(e.target.value);
                setUrlState(null);
              }}
              onKeyDown={onUrlKeyDown}
              aria-invalid={urlState?.kind === "error" ? true : undefined}
            />
            <button type="button" className="db-button" data-testid="db-url-apply" onClick={() => void applyUrl()} disabled={urlState?.kind === "parsing"}>
              {urlState?.kind === "parsing" ? "Reading…" : "Fill fields"}
            </button>
          </span>
          {urlState?.kind === "error" && (
            <span className="db-field-error" role="alert" data-testid="db-url-error">
              {urlState.message}
            </span>
          )}
          {urlState?.kind === "ok" && urlState.note && (
            <span className="db-field-note" data-testid="db-url-note">
              {urlState.note}
            </span>
          )}
        </label>

        <div className="db-pair">
          <label className="db-field grow">
            <span>Name</span>
            <input
              data-testid="db-name"
              value={draft.name}
              disabled={editing}
              title={editing ? "To rename, add the connection under the new name and delete this one" : undefined}
              spellCheck={false}
              onChange={(e) => set({ name: e.target.value })}
              aria-invalid={invalid("name")}
            />
            {errorFor("name")}
          </label>
          <label className="db-field">
            <span>Kind</span>
            <select data-testid="db-kind" value={draft.kind} onChange={(e) => set({ kind: e.target.value as DbKind })}>
              {(["mysql", "postgres", "sqlite"] as const).map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                  {k === "mysql" ? " / MariaDB / Doris / StarRocks / TiDB" : ""}
                </option>
              ))}
            </select>
          </label>
        </div>

        {!sqlite && (
          <div className="db-pair">
            <label className="db-field grow">
              <span>Host</span>
              <input
                data-testid="db-host"
                value={draft.host}
                spellCheck={false}
                placeholder="localhost"
                onChange={(e) => set({ host: e.target.value })}
                aria-invalid={invalid("host")}
              />
              {errorFor("host")}
            </label>
            <label className="db-field port">
              <span>Port</span>
              <input
                data-testid="db-port"
                value={draft.port}
                inputMode="numeric"
                placeholder={String(defaultPort(draft.kind))}
                onChange={(e) => set({ port: e.target.value })}
                aria-invalid={invalid("port")}
              />
              {errorFor("port")}
            </label>
          </div>
        )}

        <label className="db-field">
          <span>{sqlite ? "Database file" : draft.kind === "mysql" ? "Database (default schema; optional)" : "Database"}</span>
          <input
            data-testid="db-database"
            value={draft.database}
            spellCheck={false}
            placeholder={sqlite ? "/path/to/file.db" : draft.kind === "postgres" ? "postgres" : ""}
            onChange={(e) => set({ database: e.target.value })}
            aria-invalid={invalid("database")}
          />
          {errorFor("database")}
        </label>

        {!sqlite && (
          <>
            <div className="db-pair">
              <label className="db-field grow">
                <span>User</span>
                <input
                  data-testid="db-user"
                  value={draft.user}
                  spellCheck={false}
                  autoComplete="off"
                  onChange={(e) => set({ user: e.target.value })}
                />
              </label>
              <label className="db-field grow">
                <span>Password</span>
                <input
                  data-testid="db-password"
                  type="password"
                  value={password}
                  autoComplete="new-password"
                  placeholder={storedPassword ? "unchanged (stored in the keychain)" : editing ? "none" : ""}
                  onChange={(e) => {
                    setPassword(e.target.value);
                    setFieldError(null);
                  }}
                  aria-invalid={invalid("password")}
                />
                {errorFor("password")}
              </label>
            </div>
            {noKeychain && (
              <div className="db-keychain-warning" role="status" data-testid="db-keychain-warning">
                <span>{keychain.message || NO_KEYCHAIN}</span>
                <label className="db-check">
                  <input
                    type="checkbox"
                    data-testid="db-session-only"
                    checked={sessionOnly}
                    onChange={(e) => {
                      setSessionOnly(e.target.checked);
                      setFieldError(null);
                    }}
                  />
                  Use this password for this session only <small>(kept in memory, forgotten when Weir exits)</small>
                </label>
              </div>
            )}
            <div className="db-pair">
              <label className="db-field">
                <span>TLS</span>
                <select data-testid="db-tls" value={draft.tlsMode} onChange={(e) => set({ tlsMode: e.target.value as TlsMode })}>
                  {(Object.keys(TLS_LABEL) as TlsMode[]).map((m) => (
                    <option key={m} value={m}>
                      {TLS_LABEL[m]}
                    </option>
                  ))}
                </select>
              </label>
              <label className="db-field grow">
                <span>CA certificates (PEM file; optional)</span>
                <input
                  data-testid="db-ca-file"
                  value={draft.caFile}
                  spellCheck={false}
                  placeholder="/path/to/ca.pem"
                  onChange={(e) => set({ caFile: e.target.value })}
                />
              </label>
            </div>
          </>
        )}

        <div className="db-pair">
          <label className="db-field port">
            <span>Timeout (s)</span>
            <input
              data-testid="db-timeout"
              value={draft.timeout}
              inputMode="numeric"
              placeholder="10"
              onChange={(e) => set({ timeout: e.target.value })}
              aria-invalid={invalid("timeout")}
            />
            {errorFor("timeout")}
          </label>
          {params.length > 0 && (
            <div className="db-field grow">
              <span>URL parameters (kept for Flink's url)</span>
              <code className="db-params" data-testid="db-params">
                {params.map(([k, v]) => `${k}=${v}`).join("&")}
              </code>
            </div>
          )}
        </div>

        {test && (
          <div
            className={"db-test-result" + (test.kind === "failed" ? " failed" : "")}
            data-testid="db-test-result"
            data-status={test.kind}
            role="status"
          >
            {test.kind === "running" && (
              <>
                <span className="spinner small" /> Connecting…
              </>
            )}
            {test.kind === "ok" && `Connected: ${test.result.serverVersion} · ${test.result.millis} ms`}
            {test.kind === "ok" &&
              test.result.warnings.map((w) => (
                <div key={w} className="db-test-warning" role="alert" data-testid="db-test-warning">
                  ⚠ {w}
                </div>
              ))}
            {test.kind === "failed" && test.message}
          </div>
        )}
        {saveError && (
          <div className="db-test-result failed" role="alert" data-testid="db-dialog-error">
            Could not save the connection: {saveError}
          </div>
        )}

        <div className="db-buttons">
          <button type="button" className="db-button" data-testid="db-test" onClick={() => void runTest()} disabled={test?.kind === "running"}>
            {test?.kind === "running" ? "Testing…" : "Test connection"}
          </button>
          <span className="spacer" />
          <button type="button" className="db-button" data-testid="db-cancel" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="db-button primary" data-testid="db-save" disabled={saving}>
            {saving ? "Saving…" : "Save"}
          </button>
        </div>
      </form>
    </div>
  );
}
