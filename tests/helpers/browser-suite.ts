// One browser and one running app per test file, started before its tests and stopped after; a
// journey also starts the MLflow stand-in and a gateway worker first, and the app knows their URLs.
import { afterAll, beforeAll } from "vitest";
import type { Browser } from "playwright-core";
import type { GatewayConfig } from "@/gateway/config";
import type { RunningGateway } from "@/gateway/gateway";
import type { MlflowHttpHandle } from "../fixtures/mlflow-mcp";
import { startStandin, startTestGateway } from "../integration/gateway/harness";
import { startApp, type RunningApp } from "./app-server";
import { launchBrowser } from "./browser";

export type BrowserSuite = { app: RunningApp; browser: Browser };

/** Registers the file's beforeAll/afterAll; read `app` and `browser` inside tests. */
export function browserSuite(appEnv: Record<string, string> = {}): BrowserSuite {
  return journeySuite({ appEnv, standin: false, gateway: false });
}

export type JourneyOptions = {
  /** More of the app's environment. */
  appEnv?: Record<string, string>;
  /** Start the MLflow stand-in (default true). */
  standin?: boolean;
  /** The app offers the stand-in as its demo server (WARDEN_DEMO_SERVER_URL). */
  demoServer?: boolean;
  /** Start a gateway worker, with these settings (default true); the app's GATEWAY_URL names it. */
  gateway?: Partial<GatewayConfig> | boolean;
};

/** `standin` and `gateway` are unset when the options turn them off. */
export type JourneySuite = BrowserSuite & { standin: MlflowHttpHandle; gateway: RunningGateway };

/**
 * A journey's parts, started in the order a person's setup needs them (stand-in, gateway, app,
 * browser) and stopped in reverse. The app may reach private upstreams (the stand-in is on 127.0.0.1).
 */
export function journeySuite({ appEnv = {}, standin = true, demoServer = false, gateway = true }: JourneyOptions = {}): JourneySuite {
  const suite = {} as JourneySuite;
  beforeAll(async () => {
    const env: Record<string, string> = {};
    if (standin) suite.standin = await startStandin();
    if (demoServer) env.WARDEN_DEMO_SERVER_URL = suite.standin.url;
    if (gateway !== false) {
      suite.gateway = await startTestGateway(gateway === true ? {} : gateway);
      env.GATEWAY_URL = suite.gateway.url;
    }
    if (standin || gateway !== false) env.WARDEN_ALLOW_PRIVATE_UPSTREAMS = "1";
    suite.app = await startApp({ ...env, ...appEnv });
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.stop();
    await suite.gateway?.close();
    await suite.standin?.close();
  });
  return suite;
}
