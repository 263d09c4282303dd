// The Jobs view's side list: the Flink connections whose jobs it can show (the local engine's
// while it runs, and every gateway connection; one without a JobManager URL says so when chosen).
import { useEffect, useState } from "react";
import type { ConnectionProfile } from "../ipc/bindings";
import type { JobsApi } from "./ipc";
import "./jobs.css";

export function JobsConnections({ api, current, onChoose }: { api: JobsApi; current: string | null; onChoose: (name: string) => void }) {
  const [list, setList] = useState<ConnectionProfile[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let dead = false;
    api
      .connections()
      .then((all) => {
        if (dead) return;
        const flink = all.filter((c) => c.endpoint.type !== "database");
        setList(flink);
        if (current === null) {
          const first = flink.find((c) => (c.jobmanagerUrl ?? "").trim() !== "") ?? flink[0];
          if (first) onChoose(first.name);
        }
      })
      .catch((e: { message?: string }) => !dead && setError(e?.message ?? String(e)));
    return () => {
      dead = true;
    };
    // Read once when the view opens; `current` and `onChoose` only steer the first choice.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);
  return (
    <div className="jobs-connections" data-testid="jobs-connections">
      {error && <div className="jobs-error">{error}</div>}
      {list?.map((c) => (
        <button
          key={c.name}
          type="button"
          className={"conn-item" + (c.name === current ? " active" : "")}
          data-testid="jobs-connection"
          data-name={c.name}
          onClick={() => onChoose(c.name)}
        >
          {c.name}
          <small>{c.endpoint.type === "local" ? "local engine" : (c.jobmanagerUrl ?? "no JobManager URL")}</small>
        </button>
      ))}
      {list?.length === 0 && <div className="jobs-empty">No Flink connections.</div>}
    </div>
  );
}
