// The public pages answer without a session, server-rendered, each with its own <title> and
// description: the landing page, the catalog, the MLflow server's page and one page per tool.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findCatalogServer } from "@/lib/catalog/servers";
import { startApp, type RunningApp } from "../helpers/app-server";

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
}, 600_000); // the first run builds the app

afterAll(async () => {
  await app?.stop();
});

const mlflow = findCatalogServer("mlflow-mcp")!;

const decode = (html: string) =>
  html.replace(/<!-- -->/g, "").replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

async function page(path: string): Promise<{ status: number; title: string; description: string; html: string }> {
  const response = await fetch(`${app.url}${path}`, { redirect: "manual" });
  const html = await response.text();
  const title = decode(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "");
  const description = decode(/<meta name="description" content="([^"]*)"/.exec(html)?.[1] ?? "");
  return { status: response.status, title, description, html: decode(html) };
}

/** Whether the page holds the text; a failure names the text, not the whole page. */
function expectText(html: string, text: string, what = text): void {
  expect(html.includes(text), what).toBe(true);
}

describe("public pages without a session", () => {
  test("/ is the landing page, with the three steps and links to the catalog and sign-up", async () => {
    const { status, title, description, html } = await page("/");
    expect(status).toBe(200);
    expect(title).toBe("Warden · Policy between AI agents and MCP servers");
    expect(description).toMatch(/every call an AI agent makes to an MCP server/);
    for (const step of ["Register your MCP server", "Add a policy", "Point your client"]) expectText(html, step);
    expectText(html, 'href="/catalog"');
    expectText(html, 'href="/sign-up"');
    expectText(html, "40 MLflow MCP Server tools catalogued and risk-classified");
  });

  test("/catalog lists the MLflow MCP server first, with its count", async () => {
    const { status, title, description, html } = await page("/catalog");
    expect(status).toBe(200);
    expect(title).toBe("MCP tool catalog: every tool classified by risk · Warden");
    expect(description).toMatch(/read, write or delete/);
    expectText(html, "40 MLflow MCP Server tools catalogued and risk-classified");
    expectText(html, "kkruglik/mlflow-mcp");
    expectText(html, 'href="/catalog/mlflow-mcp"');
  });

  test("/catalog/mlflow-mcp lists every tool with class, risk and a reason", async () => {
    const { status, title, description, html } = await page("/catalog/mlflow-mcp");
    expect(status).toBe(200);
    expect(title).toBe("MLflow MCP Server tools: risk and recommended policy · Warden");
    expect(description).toMatch(/^40 MLflow MCP Server tools catalogued and risk-classified: 27 read, 8 write, 5 delete/);
    for (const tool of mlflow.tools) expectText(html, `href="/catalog/mlflow-mcp/${tool.name}"`, tool.name);
    expectText(html, `The name's verb "set" changes state; it changes state.`);
  });

  test("/catalog/mlflow-mcp/set_experiment_tag explains the tool and offers its rule", async () => {
    const { status, title, description, html } = await page("/catalog/mlflow-mcp/set_experiment_tag");
    expect(status).toBe(200);
    expect(title).toBe("set_experiment_tag: Write, Medium risk · MLflow MCP Server · Warden");
    expect(description).toMatch(/^Add or overwrite one tag on an experiment\. Classified write, medium risk: it changes state\. Recommended Warden rule: 30 calls per minute per grant\.$/);
    for (const text of [
      "What it does", "Class: Write", "Risk: Medium", `the name's verb "set" changes state`, "Why it needs a policy",
      `"counter": "set_experiment_tag_rate"`, `"max": 30`, "Can I rate-limit set_experiment_tag?", "How do I block set_experiment_tag completely?",
      "What does medium risk mean for set_experiment_tag?", "Also on experiments", "Other write tools",
    ]) expectText(html, text);
    expectText(html, 'href="/catalog/mlflow-mcp/set_experiment_tag/limit"');
    expectText(html, "Limit this tool →");
  });

  test("every tool has its own page and title", async () => {
    for (const tool of mlflow.tools) {
      const { status, title, html } = await page(`/catalog/mlflow-mcp/${tool.name}`);
      expect(status, tool.name).toBe(200);
      expect(title, tool.name).toMatch(new RegExp(`^${tool.name}: (Read|Write|Delete), (Low|Medium|High) risk · MLflow MCP Server · Warden$`));
      for (const reason of [...tool.classReasons, ...tool.riskReasons]) expectText(html, reason, `${tool.name}: ${reason}`);
    }
  });

  test("an unknown tool or server is a 404", async () => {
    for (const path of ["/catalog/mlflow-mcp/no_such_tool", "/catalog/no-such-server", "/catalog/no-such-server/get_run", "/catalog/mlflow-mcp/no_such_tool/limit"]) {
      expect((await page(path)).status, path).toBe(404);
    }
  });

  test("'Limit this tool' sends a visitor to sign up, keeping where they were going", async () => {
    const response = await fetch(`${app.url}/catalog/mlflow-mcp/set_experiment_tag/limit`, { redirect: "manual" });
    expect([303, 307]).toContain(response.status);
    const location = new URL(response.headers.get("location")!, app.url);
    expect(location.pathname).toBe("/sign-up");
    expect(location.searchParams.get("next")).toBe("/catalog/mlflow-mcp/set_experiment_tag/limit");
  });
});
