// A Flink state with its colour; with the time it was observed when given.
import { clockTime, stateTone } from "./format";

export function StateBadge({ state, observedAt, testId = "job-state" }: { state: string; observedAt?: number | null; testId?: string }) {
  return (
    <span className="job-state-cell">
      <span className={`job-state tone-${stateTone(state)}`} data-testid={testId} data-state={state}>
        {state}
      </span>
      {observedAt != null && (
        <small className="job-observed" title="When the cluster reported this state">
          observed {clockTime(observedAt)}
        </small>
      )}
    </span>
  );
}
