// Connection profiles: the built-in local engine and saved SQL Gateways, each with its session
// properties, JobManager URL, CA file and timeout; "Test" reports the gateway's Flink version and
// the REST API versions it offers (and the one Weir uses).
import { useState } from "react";
import type { ConnectionProfile, ConnectionTest } from "../ipc/bindings";
import type { Services } from "../app/services";
import { useStore } from "../app/store";

interface Draft {
  name: string;
  kind: "local" | "gateway";
  url: string;
  jobmanagerUrl: string;
  properties: string;
  caFile: string;
  timeout: string;
  /** `Header=keychain key` per line. */
  authHeaders: string;
}

const EMPTY: Draft = { name: "", kind: "gateway", url: "http://localhost:8083", jobmanagerUrl: "", properties: "", caFile: "", timeout: "", authHeaders: "" };

function toDraft(p: ConnectionProfile): Draft {
  return {
    name: p.name,
    kind: p.endpoint.type === "gateway" ? "gateway" : "local",
    url: p.endpoint.type === "gateway" ? p.endpoint.url : "",
    jobmanagerUrl: p.jobmanagerUrl ?? "",
    properties: Object.entries(p.properties)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n"),
    caFile: p.caFile ?? "",
    timeout: p.requestTimeoutSecs === null ? "" : String(p.requestTimeoutSecs),
    authHeaders: Object.entries(p.authHeaders)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n"),
  };
}

/** The profile a draft describes, or the message saying which line is wrong. */
export function fromDraft(d: Draft): ConnectionProfile | string {
  const properties: Record<string, string> = {};
  for (const [i, raw] of d.properties.split("\n").entries()) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const at = line.indexOf("=");
    if (at <= 0) return `session properties, line ${i + 1}: write key=value`;
    properties[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  const authHeaders: Record<string, string> = {};
  for (const [i, raw] of d.authHeaders.split("\n").entries()) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const at = line.indexOf("=");
    if (at <= 0 || !line.slice(at + 1).trim()) return `auth headers, line ${i + 1}: write Header=keychain key`;
    authHeaders[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  const timeout = d.timeout.trim();
  if (timeout && !/^\d+$/.test(timeout)) return "request timeout: a number of seconds";
  return {
    name: d.name.trim(),
    endpoint: d.kind === "local" ? { type: "local" } : { type: "gateway", url: d.url.trim() },
    jobmanagerUrl: d.jobmanagerUrl.trim() || null,
    properties,
    caFile: d.caFile.trim() || null,
    requestTimeoutSecs: timeout ? Number(timeout) : null,
    authHeaders,
  };
}

export function ConnectionsDialog({ services, onClose }: { services: Services; onClose: () => void }) {
  const { api, runs, notify } = services;
  // Database connections are run targets too, but they are edited in the Databases view.
  const profiles = useStore(runs.connections).filter((p) => p.endpoint.type !== "database");
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [test, setTest] = useState<ConnectionTest | string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secretKey, setSecretKey] = useState("");
  const [secretValue, setSecretValue] = useState("");

  const storeSecret = async () => {
    try {
      await api.setSecret(secretKey.trim(), secretValue, false);
      notify.show("info", `Stored '${secretKey.trim()}' in the OS keychain`);
      setSecretValue("");
    } catch (e) {
      notify.error("Could not store the secret", e);
    }
  };
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const pick = (p: ConnectionProfile | null) => {
    setTest(null);
    if (!p) {
      setEditing("");
      setDraft(EMPTY);
    } else {
      setEditing(p.name);
      setDraft(toDraft(p));
    }
  };

  const runTest = async () => {
    const profile = fromDraft(draft);
    if (typeof profile === "string") return setTest(profile);
    setBusy(true);
    setTest(null);
    try {
      setTest(await notify.track("Testing the connection", api.testConnection({ ...profile, name: profile.name || "test" })));
    } catch (e) {
      setTest((e as { message?: string }).message ?? String(e));
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    const profile = fromDraft(draft);
    if (typeof profile === "string") return setTest(profile);
    try {
      runs.connections.set(await api.saveConnection(profile, editing || null));
      setEditing(profile.name);
      notify.show("info", `Saved connection '${profile.name}'`);
    } catch (e) {
      notify.error("Could not save the connection", e);
    }
  };

  const remove = async () => {
    if (!editing) return;
    try {
      runs.connections.set(await api.deleteConnection(editing));
      pick(null);
    } catch (e) {
      notify.error("Could not delete the connection", e);
    }
  };

  const builtIn = editing === "local";
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="connections-dialog" role="dialog" aria-label="Connections" data-testid="connections-dialog">
        <div className="conn-list">
          {profiles.map((p) => (
            <button
              key={p.name}
              className={"conn-item" + (editing === p.name ? " active" : "")}
              onClick={() => pick(p)}
              data-testid="conn-item"
            >
              <span>{p.name === "local" ? "Local engine" : p.name}</span>
              <small>{p.endpoint.type === "gateway" ? p.endpoint.url : "embedded Flink"}</small>
            </button>
          ))}
          <button className="conn-item add" onClick={() => pick(null)} data-testid="conn-add">
            + New gateway connection
          </button>
        </div>
        <div className="conn-form">
          {editing === null ? (
            <div className="conn-hint">Pick a connection, or add a SQL Gateway.</div>
          ) : (
            <>
              <label>
                Name
                <input value={draft.name} disabled={builtIn} onChange={(e) => set({ name: e.target.value })} data-testid="conn-name" />
              </label>
              {!builtIn && (
                <label>
                  SQL Gateway URL
                  <input value={draft.url} onChange={(e) => set({ url: e.target.value })} placeholder="http://host:8083" data-testid="conn-url" />
                </label>
              )}
              <label>
                JobManager REST URL <small>(job links and cancel; optional)</small>
                <input value={draft.jobmanagerUrl} disabled={builtIn} onChange={(e) => set({ jobmanagerUrl: e.target.value })} placeholder="http://host:8081" />
              </label>
              <label>
                Session properties <small>(key=value per line: execution.runtime-mode, parallelism.default, any SET key)</small>
                <textarea rows={4} value={draft.properties} disabled={builtIn} onChange={(e) => set({ properties: e.target.value })} spellCheck={false} />
              </label>
              {!builtIn && (
                <div className="conn-pair">
                  <label>
                    CA certificates (PEM file)
                    <input value={draft.caFile} onChange={(e) => set({ caFile: e.target.value })} placeholder="/path/to/ca.pem" />
                  </label>
                  <label>
                    Request timeout (s)
                    <input value={draft.timeout} onChange={(e) => set({ timeout: e.target.value })} placeholder="30" />
                  </label>
                </div>
              )}
              {!builtIn && (
                <>
                  <label>
                    Auth headers <small>(Header=keychain key per line, e.g. Authorization=flink/prod-token; the values stay in the OS keychain)</small>
                    <textarea
                      rows={2}
                      value={draft.authHeaders}
                      onChange={(e) => set({ authHeaders: e.target.value })}
                      spellCheck={false}
                      data-testid="conn-auth-headers"
                    />
                  </label>
                  <div className="conn-pair">
                    <label>
                      Keychain key
                      <input value={secretKey} onChange={(e) => setSecretKey(e.target.value)} placeholder="flink/prod-token" data-testid="conn-secret-key" />
                    </label>
                    <label>
                      Value (e.g. Bearer …)
                      <input type="password" value={secretValue} onChange={(e) => setSecretValue(e.target.value)} autoComplete="off" data-testid="conn-secret-value" />
                    </label>
                    <button disabled={!secretKey.trim() || !secretValue} onClick={() => void storeSecret()} data-testid="conn-secret-store">
                      Store in keychain
                    </button>
                  </div>
                </>
              )}
              {test !== null && (
                <div className={"conn-test" + (typeof test === "string" ? " failed" : "")} data-testid="conn-test">
                  {typeof test === "string"
                    ? test
                    : `${test.product} ${test.version} · REST API ${test.apiVersions.join(", ")} · using ${test.using} · ${test.millis} ms`}
                </div>
              )}
              {test !== null &&
                typeof test !== "string" &&
                test.warnings.map((w) => (
                  <div key={w} className="conn-test warning" role="alert" data-testid="conn-test-warning">
                    ⚠ {w}
                  </div>
                ))}
              <div className="conn-buttons">
                <button onClick={() => void runTest()} disabled={busy} data-testid="conn-test-button">
                  {busy ? "Testing…" : "Test connection"}
                </button>
                <span className="spacer" />
                {!builtIn && editing && (
                  <button onClick={() => void remove()} data-testid="conn-delete">
                    Delete
                  </button>
                )}
                {!builtIn && (
                  <button className="primary" onClick={() => void save()} data-testid="conn-save">
                    Save
                  </button>
                )}
              </div>
            </>
          )}
        </div>
        <button className="conn-close" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
    </div>
  );
}
