// One browser and one running app per test file, started before its tests and stopped after; a
// journey also starts the MLflow stand-in, a mail catcher and a gateway worker first. The app knows
// their URLs, and the gateway the app's (for the approval links it hands out and mails).
import { afterAll, beforeAll } from "vitest";
import type { Browser } from "playwright-core";
import type { GatewayConfig } from "@/gateway/config";
import type { RunningGateway } from "@/gateway/gateway";
import { startMailCatcher, type MailCatcher } from "@/lib/mail/catcher";
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
  /** Start the local mail catcher (default false): the app's SMTP_URL and the gateway's smtpUrl name it. */
  mail?: boolean;
  /**
   * Start a gateway worker, with these settings (default true); the app's GATEWAY_URL names it.
   * Its appUrl becomes the app's URL once the app listens, unless the settings name one.
   */
  gateway?: Partial<GatewayConfig> | boolean;
};

/** `standin`, `catcher` and `gateway` are unset when the options turn them off. */
export type JourneySuite = BrowserSuite & { standin: MlflowHttpHandle; catcher: MailCatcher; gateway: RunningGateway };

/**
 * A journey's parts, started in the order a person's setup needs them (stand-in, gateway, app,
 * browser) and stopped in reverse. The app may reach private upstreams (the stand-in is on 127.0.0.1).
 */
export function journeySuite({ appEnv = {}, standin = true, demoServer = false, mail = false, gateway = true }: JourneyOptions = {}): JourneySuite {
  const suite = {} as JourneySuite;
  beforeAll(async () => {
    const env: Record<string, string> = {};
    if (standin) suite.standin = await startStandin();
    if (demoServer) env.WARDEN_DEMO_SERVER_URL = suite.standin.url;
    if (mail) {
      suite.catcher = await startMailCatcher();
      env.SMTP_URL = suite.catcher.url;
    }
    const settings = gateway === true ? {} : gateway === false ? null : gateway;
    if (settings) {
      suite.gateway = await startTestGateway({ ...(mail ? { smtpUrl: suite.catcher.url } : {}), ...settings });
      env.GATEWAY_URL = suite.gateway.url;
    }
    if (standin || settings) env.WARDEN_ALLOW_PRIVATE_UPSTREAMS = "1";
    suite.app = await startApp({ ...env, ...appEnv });
    // The app's port is known only now; the gateway reads appUrl whenever it writes a link.
    if (settings && settings.appUrl === undefined) suite.gateway.services.config.appUrl = suite.app.url;
    suite.browser = await launchBrowser();
  }, 600_000); // the first run builds the app
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.stop();
    await suite.gateway?.close();
    await suite.catcher?.close();
    await suite.standin?.close();
  });
  return suite;
}
