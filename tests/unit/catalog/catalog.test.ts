// The public catalog's data: the shipped MLflow tool list is what the stand-in serves, every tool
// carries the classifier's reasons, and every policy.json a page shows parses as a Warden policy.
import { describe, expect, test } from "vitest";
import { catalogedLine } from "@/components/catalog/catalog-stats";
import { explainTool, oneLineReason, ruleSummary } from "@/lib/catalog/explain-tool";
import { resourceOf } from "@/lib/catalog/describe-tool";
import { catalogDraft } from "@/lib/catalog/limit-intent";
import { catalogServers, findCatalogServer, findCatalogTool, relatedTools } from "@/lib/catalog/servers";
import { checkPolicy, parsePolicy } from "@/lib/policy";
import type { ToolDescriptor } from "@/lib/risk";
import { connectInMemory } from "@/tests/fixtures/mlflow-mcp/test-helpers";
import { MLFLOW_REFERENCE } from "../risk/mlflow-catalog";
import shipped from "@/lib/catalog/mlflow-mcp-tools.json";

const mlflow = findCatalogServer("mlflow-mcp")!;
const byName = (name: string) => mlflow.tools.find((t) => t.name === name)!;
/** What a visitor copies: the page's JSON text, parsed back. */
const asCopied = (document: unknown) => parsePolicy(JSON.parse(`${JSON.stringify(document, null, 2)}\n`));

describe("the catalogued MLflow MCP server", () => {
  test("comes first, with the 40 tools of the reference catalog in its order", () => {
    expect(catalogServers()[0]!.slug).toBe("mlflow-mcp");
    expect(mlflow.repository).toBe("kkruglik/mlflow-mcp");
    expect(mlflow.tools.map((t) => t.name)).toEqual(MLFLOW_REFERENCE.map((t) => t.name));
    expect(catalogedLine(mlflow)).toBe("40 MLflow MCP Server tools catalogued and risk-classified");
  });

  test("the shipped tool list is exactly what the stand-in serves", async () => {
    const { client, close } = await connectInMemory();
    try {
      const { tools } = await client.listTools();
      expect(JSON.parse(JSON.stringify(tools))).toEqual(shipped);
    } finally {
      await close();
    }
  });

  test.each(mlflow.tools.map((t) => [t.name, t] as const))("%s has reasons for its class and its risk", (_name, tool) => {
    expect(tool.classReasons.length).toBeGreaterThan(0);
    expect(tool.riskReasons.length).toBeGreaterThan(0);
    for (const reason of [...tool.classReasons, ...tool.riskReasons]) expect(reason.trim().length).toBeGreaterThan(5);
    expect(oneLineReason(tool)).toMatch(/^[A-Z].+\.$/);
    expect(tool.description.length).toBeGreaterThan(20);
  });

  test.each(mlflow.tools.map((t) => [t.name, t] as const))("%s: the recommended policy.json and every FAQ example parse, name only it, and draw no warning", (_name, tool) => {
    const examples = explainTool(tool).faq.flatMap((entry) => (entry.snippet ? [[entry.question, entry.snippet] as const] : []));
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const [what, document] of [["recommended", tool.recommended] as const, ...examples]) {
      const parsed = asCopied(document);
      expect(parsed.ok, `${what}: ${JSON.stringify(parsed)}`).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.policy.default, what).toBe("deny");
      expect(Object.keys(parsed.policy.tools ?? {}), what).toEqual([tool.name]);
      expect(checkPolicy(parsed.policy, shipped as ToolDescriptor[]), what).toEqual([]);
    }
  });

  test("set_experiment_tag: write, medium, and the seed's rule of 30 calls a minute per grant", () => {
    const tool = byName("set_experiment_tag");
    expect([tool.class, tool.risk, tool.resource]).toEqual(["write", "medium", "experiment"]);
    expect(tool.classReasons).toEqual(['the name\'s verb "set" changes state']);
    expect(tool.recommended).toEqual({
      version: "1",
      default: "deny",
      tools: { set_experiment_tag: { action: "allow", limits: [{ counter: "set_experiment_tag_rate", window: "minute", max: 30, scope: "grant" }] } },
    });
    expect(ruleSummary(tool)).toBe("30 calls per minute per grant");
    const explained = explainTool(tool);
    expect(explained.classText).toBe("A write tool changes state on the server: what it writes is still there after the call. set_experiment_tag is classified write because:");
    expect(explained.faq.find((f) => f.question.startsWith("What does"))?.answer).toMatch(/rated set_experiment_tag medium because it changes state\.$/);
    expect(explained.faq.map((f) => f.question)).toEqual(expect.arrayContaining([
      "Can I rate-limit set_experiment_tag?", "How do I block set_experiment_tag completely?", "What does medium risk mean for set_experiment_tag?",
    ]));
  });

  test.each([
    ["get_experiments", "allowed without a limit"],
    ["get_artifact_content", "60 calls per minute per grant"],
    ["set_model_alias", "each call approved by a person"],
    ["delete_experiment", "hidden from agents"],
  ])("%s is recommended: %s", (name, summary) => expect(ruleSummary(byName(name))).toBe(summary));

  test("related tools share the resource or the class, never the tool itself", () => {
    const tool = byName("set_experiment_tag");
    const { sameResource, sameClass } = relatedTools(mlflow, tool);
    expect(sameResource.map((t) => t.name)).toEqual(expect.arrayContaining(["get_experiments", "delete_experiment", "get_experiment_tags"]));
    expect(sameResource.every((t) => t.resource === "experiment" && t.name !== tool.name)).toBe(true);
    expect(sameClass.map((t) => t.name)).toEqual(expect.arrayContaining(["set_run_tag", "set_model_alias", "register_model"]));
    expect(sameClass.every((t) => t.class === "write" && t.name !== tool.name)).toBe(true);
  });

  test.each([
    ["set_experiment_tag", "experiment"],
    ["get_run", "run"],
    ["query_runs", "run"],
    ["get_registered_models", "model"],
    ["delete_model_alias", "model"],
    ["get_latest_versions", "version"],
    ["health", "server"],
    ["listIssues", "issue"],
  ])("resourceOf(%s) is %s", (name, resource) => expect(resourceOf(name)).toBe(resource));

  test("unknown servers and tools are not found, and draw no draft", () => {
    expect(findCatalogServer("nope")).toBeNull();
    expect(findCatalogTool("mlflow-mcp", "nope")).toBeNull();
    expect(findCatalogTool("mlflow-mcp", "__proto__")).toBeNull();
    expect(catalogDraft("mlflow-mcp", "nope")).toBeNull();
    expect(catalogDraft(undefined, "set_experiment_tag")).toBeNull();
    expect(catalogDraft("mlflow-mcp", "set_experiment_tag")?.draft).toEqual(byName("set_experiment_tag").recommended);
  });
});
