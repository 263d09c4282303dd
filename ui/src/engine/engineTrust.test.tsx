import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { renderApp } from "../test/render";
import { FakeBackend } from "../test/fakeBackend";
import type { WorkspaceEnginePaths } from "../ipc/bindings";

// A workspace (an old one, or one from someone else) whose stored engine settings name a Java home.
const named: WorkspaceEnginePaths = {
  workspace: "/home/me/shared-flink",
  javaHome: "/tmp/not-really-a-jdk",
  flinkHome: null,
};

function backendNaming(paths: WorkspaceEnginePaths | null): FakeBackend {
  const fake = new FakeBackend();
  fake.engine = { ...fake.engine, workspacePaths: paths };
  return fake;
}

describe("a Java home named by the workspace", () => {
  it("is shown with the exact path and workspace, and used only after a yes", async () => {
    const { fake } = await renderApp(backendNaming(named));
    const dialog = await screen.findByTestId("engine-trust");
    expect(screen.getByTestId("engine-trust-java").textContent).toBe(named.javaHome);
    expect(screen.getByTestId("engine-trust-workspace").textContent).toBe(named.workspace);
    expect(dialog.textContent).toContain("/tmp/not-really-a-jdk/bin/java");
    expect(fake.callsOf("trust_workspace_engine")).toHaveLength(0);

    fireEvent.click(screen.getByTestId("engine-trust-accept"));
    await waitFor(() => expect(fake.trustedEnginePaths).toEqual([named]));
    await waitFor(() => expect(screen.queryByTestId("engine-trust")).toBeNull());
  });

  it("declining keeps the person's own settings and does not ask again", async () => {
    const { fake } = await renderApp(backendNaming(named));
    await screen.findByTestId("engine-trust");
    fireEvent.click(screen.getByTestId("engine-trust-decline"));
    await waitFor(() => expect(screen.queryByTestId("engine-trust")).toBeNull());
    expect(fake.callsOf("trust_workspace_engine")).toHaveLength(0);
    expect(fake.callsOf("set_engine_settings")).toHaveLength(0);
  });

  it("nothing is asked when the workspace names no path", async () => {
    await renderApp(backendNaming(null));
    await screen.findByTestId("status-engine");
    expect(screen.queryByTestId("engine-trust")).toBeNull();
  });
});
