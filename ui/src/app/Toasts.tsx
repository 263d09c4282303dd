// Toasts in the bottom-right corner: errors and offers such as "Undo".
import { useStore } from "./store";
import type { Notifier } from "./notify";

export function Toasts({ notify }: { notify: Notifier }) {
  const toasts = useStore(notify.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === "error" ? "alert" : "status"} data-testid="toast">
          <span className="toast-message">{t.message}</span>
          {t.action && (
            <button
              className="toast-action"
              data-testid={t.action.testId}
              onClick={() => {
                notify.dismiss(t.id);
                t.action?.run();
              }}
            >
              {t.action.label}
            </button>
          )}
          <button className="toast-close" aria-label="Dismiss" onClick={() => notify.dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
