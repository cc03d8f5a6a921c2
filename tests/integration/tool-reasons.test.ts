// A registered server's tools keep the classifier's reasons: stored on each Tool row when the
// catalog is imported, replaced when a changed definition is approved, and returned by the REST
// tools list. For the MLflow stand-in they are the public catalog's reasons, word for word.
import { describe, expect, test } from "vitest";
import { POST as registerRoute } from "@/app/api/v1/servers/route";
import { POST as syncRoute } from "@/app/api/v1/servers/[id]/sync/route";
import { GET as toolsRoute } from "@/app/api/v1/servers/[id]/tools/route";
import { POST as approveRoute } from "@/app/api/v1/servers/[id]/tools/[tool]/approve/route";
import { findCatalogServer } from "@/lib/catalog/servers";
import { db } from "@/lib/db";
import { usePrivateStandins } from "../helpers/private-standins";
import { makeAccount, makeApiKey } from "../helpers/factories";


const standins = usePrivateStandins("mlflow");

const params = (p: Record<string, string> = {}) => ({ params: Promise.resolve(p) });
function call(method: string, token: string, body?: unknown) {
  return new Request("http://localhost/api/v1/servers", {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
type ListedTool = { name: string; class: string; risk: string; reasons: { class: string[]; risk: string[] } };

describe("classifier reasons of registered tools", () => {
  test("are stored for all 40 tools, equal the catalog's, and are listed by the REST API", async () => {
    const account = await makeAccount("reasons");
    const key = (await makeApiKey(account.org.id, "admin")).token;
    const server = await (await registerRoute(call("POST", key, { name: "MLflow", transport: "http", url: standins.mlflow.url }), params())).json();

    const rows = await db.tool.findMany({ where: { orgId: account.org.id, serverId: server.id } });
    expect(rows).toHaveLength(40);
    const catalog = new Map(findCatalogServer("mlflow-mcp")!.tools.map((t) => [t.name, t]));
    for (const row of rows) {
      const expected = catalog.get(row.name)!;
      expect([row.name, row.classReasons, row.riskReasons]).toEqual([row.name, expected.classReasons, expected.riskReasons]);
    }

    const listed = (await (await toolsRoute(call("GET", key), params({ id: server.id }))).json()).data as ListedTool[];
    expect(listed.find((t) => t.name === "set_experiment_tag")).toMatchObject({
      class: "write",
      risk: "medium",
      reasons: { class: ['the name\'s verb "set" changes state'], risk: ["it changes state"] },
    });

    await standins.mlflow.driftTool("set_experiment_tag", { annotations: { destructiveHint: true } });
    try {
      await syncRoute(call("POST", key), params({ id: server.id }));
      expect((await approveRoute(call("POST", key), params({ id: server.id, tool: "set_experiment_tag" }))).status).toBe(200);
      const approved = await db.tool.findFirstOrThrow({ where: { orgId: account.org.id, serverId: server.id, name: "set_experiment_tag" } });
      expect([approved.risk, approved.riskReasons]).toEqual(["high", ["the server marks it destructive (destructiveHint)"]]);
    } finally {
      await standins.mlflow.setDrift({});
    }
  });
});
