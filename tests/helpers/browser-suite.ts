// One browser and one running app per test file, started before its tests and stopped after.
import { afterAll, beforeAll } from "vitest";
import type { Browser } from "playwright-core";
import { startApp, type RunningApp } from "./app-server";
import { launchBrowser } from "./browser";

export type BrowserSuite = { app: RunningApp; browser: Browser };

/** Registers the file's beforeAll/afterAll; read `app` and `browser` inside tests. */
export function browserSuite(appEnv: Record<string, string> = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.app = await startApp(appEnv);
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.stop();
  });
  return suite;
}
