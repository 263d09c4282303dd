// Renders the whole window over a fake backend and waits until the workspace is loaded.
import { expect } from "vitest";
import { render, waitFor, screen } from "@testing-library/react";
import { App } from "../app/App";
import { createServices, type Services } from "../app/services";
import { FakeBackend, type FakeOptions } from "./fakeBackend";

export interface Rendered {
  fake: FakeBackend;
  services: () => Services;
}

export async function renderApp(opts: FakeOptions | FakeBackend = {}): Promise<Rendered> {
  const fake = (opts instanceof FakeBackend ? opts : new FakeBackend(opts)).install();
  let services: Services | null = null;
  render(
    <App
      makeServices={() => {
        services = createServices();
        return services;
      }}
    />,
  );
  if (fake.start.workspace) {
    await waitFor(() => expect(document.querySelector('.workbench[data-ready="true"]')).not.toBeNull());
    await waitFor(() => expect(fake.callsOf("tabs").length).toBeGreaterThan(0));
  } else {
    await screen.findByTestId("open-error");
  }
  return {
    fake,
    services: () => {
      if (!services) throw new Error("no workspace open");
      return services;
    },
  };
}

/** Resolves when every pending promise callback so far has run. */
export const flush = () => new Promise((r) => setTimeout(r, 0));
