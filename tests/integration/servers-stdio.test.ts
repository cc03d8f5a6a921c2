// A stdio server, allowed by the operator (WARDEN_ALLOW_STDIO=1): the MLflow stand-in started as
// a child process, its env values secret — used by the child, never stored or returned in clear.
import { describe, expect, test, vi } from "vitest";
import { POST as registerRoute } from "@/app/api/v1/servers/route";
import { GET as getRoute } from "@/app/api/v1/servers/[id]/route";
import { POST as syncRoute } from "@/app/api/v1/servers/[id]/sync/route";
import { db } from "@/lib/db";
import { MAIN_PATH } from "../fixtures/mlflow-mcp/test-helpers";
import { makeAccount, makeApiKey } from "../helpers/factories";
import { tablesContaining } from "./servers-helpers";

// env() reads the environment once per process, so the flag is set before anything reads it.
vi.hoisted(() => {
  process.env.WARDEN_ALLOW_STDIO = "1";
});

const TOKEN = "mlflow-env-token-91b7e3";
const call = (method: string, key: string, body?: unknown) =>
  new Request("http://localhost/api/v1/servers", {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const params = (p: Record<string, string> = {}) => ({ params: Promise.resolve(p) });

describe("stdio servers", () => {
  test("the MLflow stand-in over stdio: 40 tools; env values encrypted, never returned", async () => {
    const { org } = await makeAccount("stdio");
    const key = (await makeApiKey(org.id, "admin")).token;
    const body = {
      name: "MLflow (stdio)",
      transport: "stdio",
      command: process.execPath,
      args: ["--import", "tsx", MAIN_PATH, "--stdio"],
      env: { MLFLOW_TRACKING_URI: "http://mlflow.internal:5000", MLFLOW_TRACKING_TOKEN: TOKEN },
    };
    const response = await registerRoute(call("POST", key, body), params());
    expect(response.status).toBe(201);
    const server = await response.json();
    expect(server).toMatchObject({ transport: "stdio", status: "connected", toolCount: 40, secrets: { MLFLOW_TRACKING_TOKEN: "set", MLFLOW_TRACKING_URI: "set" } });
    const answers = [JSON.stringify(server), await (await getRoute(call("GET", key), params({ id: server.id }))).text()];
    const synced = await (await syncRoute(call("POST", key), params({ id: server.id }))).json();
    expect(synced.status).toBe("connected");
    answers.push(JSON.stringify(synced));
    for (const text of answers) expect(text).not.toContain(TOKEN);
    expect(await tablesContaining(TOKEN)).toEqual([]);
  });

  test("a command that does not start is reported at /command and nothing is stored", async () => {
    const { org } = await makeAccount("stdio-bad");
    const key = (await makeApiKey(org.id, "admin")).token;
    const response = await registerRoute(call("POST", key, { name: "Nope", transport: "stdio", command: "/nonexistent/warden-test-binary" }), params());
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatchObject({ pointer: "/command", message: expect.stringContaining("Could not connect") });
    expect(await db.mcpServer.count({ where: { orgId: org.id } })).toBe(0);
  });
});
