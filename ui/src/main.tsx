import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { logUiError } from "./ipc/api";
import "./styles/base.css";

// Failures nobody caught still reach the app log (as a message, not a trace).
window.addEventListener("error", (e) => logUiError("Unexpected error in the window", e.error ?? e.message));
window.addEventListener("unhandledrejection", (e) => logUiError("Unexpected failure in the window", e.reason));

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
