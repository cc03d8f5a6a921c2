// URL-mode elicitation for approvals (MCP 2025-11-25, client/elicitation): an SDK client that
// declared `elicitation.url` is answered with URLElicitationRequiredError (-32042) naming the
// approval's page; when a person decides, its session hears notifications/elicitation/complete,
// and the identical retry (from any worker, even after the client went away) runs once.
import { describe, expect, test } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ElicitationCompleteNotificationSchema, ErrorCode, UrlElicitationRequiredError, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { decideApproval } from "@/lib/data/approvals";
import { db } from "@/lib/db";
import { WARDEN_META_KEY } from "@/gateway/enforce/verdict";
import { makeSetup } from "./fixtures";
import { connectAgent, missedByListener, useStandinAndTwoGateways, textOf } from "./harness";

const policy = (approval: Record<string, unknown>) => ({
  version: "1",
  default: "deny",
  tools: { set_experiment_tag: { action: "require_approval", approval } },
});

const running = useStandinAndTwoGateways({ appUrl: "https://warden.example" });

const urlCapable = { capabilities: { capabilities: { elicitation: { url: {} } } } };
const tagCalls = (key: string) => running.standin.toolCalls.filter((c) => c.tool === "set_experiment_tag" && c.arguments.key === key).length;
const tag = (key: string) => ({ name: "set_experiment_tag", arguments: { experiment_id: "2", key, value: "ada" } });

/** The elicitation a call was answered with (it must be URLElicitationRequiredError). */
async function elicitationOf(agent: Client, key: string) {
  const error = await agent.callTool(tag(key)).then(
    (result) => { throw new Error(`expected -32042, got a result: ${textOf(result)}`); },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UrlElicitationRequiredError);
  expect((error as UrlElicitationRequiredError).code).toBe(ErrorCode.UrlElicitationRequired);
  const elicitations = (error as UrlElicitationRequiredError).elicitations;
  expect(elicitations).toHaveLength(1);
  return elicitations[0]!;
}

function completions(agent: Client): string[] {
  const ids: string[] = [];
  agent.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => void ids.push(n.params.elicitationId));
  return ids;
}

const decide = (orgId: string, userId: string, id: string, decision: "approved" | "denied", note?: string) =>
  decideApproval(orgId, id, { decision, note, actor: { userId, apiKeyId: null } });

describe("approval by URL elicitation", () => {
  test("-32042 names the approval page; the decision completes the elicitation; the identical retry runs once", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy({ timeout: "10m" }));
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token, urlCapable);
    const completed = completions(agent);
    const elicitation = await elicitationOf(agent, "elicit-ok");
    const slug = (await db.organization.findUniqueOrThrow({ where: { id: setup.orgId } })).slug;
    const approval = await db.approval.findFirstOrThrow({ where: { grantId: setup.grant.id } });
    expect(elicitation).toMatchObject({ mode: "url", elicitationId: approval.id, url: `https://warden.example/${slug}/approvals/${approval.id}` });
    expect(elicitation.message).toContain("retry the same call after approval");
    expect(approval).toMatchObject({ mode: "retry", status: "pending" });
    // Asking again before the decision names the same elicitation (no second inbox entry).
    expect((await elicitationOf(agent, "elicit-ok")).elicitationId).toBe(approval.id);
    expect(completed).toEqual([]);

    await decide(setup.orgId, setup.userId, approval.id, "approved");
    await expect.poll(() => completed).toEqual([approval.id]);
    const retried = await agent.callTool(tag("elicit-ok"));
    expect(retried.isError, textOf(retried)).toBeFalsy();
    expect(tagCalls("elicit-ok")).toBe(1);
    // The approval is used up: the next identical call asks anew.
    expect((await elicitationOf(agent, "elicit-ok")).elicitationId).not.toBe(approval.id);
    expect(tagCalls("elicit-ok")).toBe(1);
    await agent.close();
  });

  test("a denial completes the elicitation too, and the retry is told it was denied", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy({ timeout: "10m", mode: "retry" }));
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token, urlCapable);
    const completed = completions(agent);
    const { elicitationId } = await elicitationOf(agent, "elicit-no");
    await decide(setup.orgId, setup.userId, elicitationId, "denied", "not on a Friday");
    await expect.poll(() => completed).toEqual([elicitationId]);
    const told = (await agent.callTool(tag("elicit-no"))) as CallToolResult;
    expect(told.isError).toBe(true);
    expect((told._meta?.[WARDEN_META_KEY] as { decision: string }).decision).toBe("approval_denied");
    expect(textOf(told)).toContain("not on a Friday");
    expect(tagCalls("elicit-no")).toBe(0);
    await agent.close();
  });

  test("decided while the client was away (short timeout, closed): the retry on another worker runs once", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy({ timeout: "10m" }));
    const gone = await connectAgent(running.first.url, setup.server.id, setup.token, urlCapable);
    const { elicitationId } = await elicitationOf(gone, "elicit-away");
    await gone.close();
    await decide(setup.orgId, setup.userId, elicitationId, "approved");
    const back = await connectAgent(running.second.url, setup.server.id, setup.token, urlCapable);
    const retried = await back.callTool(tag("elicit-away"), undefined, { timeout: 5_000 });
    expect(retried.isError, textOf(retried)).toBeFalsy();
    expect(tagCalls("elicit-away")).toBe(1);
    await back.close();
  });

  test("decided while the worker's change listener was down: the elicitation completes once it listens again", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy({ timeout: "10m" }));
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token, urlCapable);
    const completed = completions(agent);
    const { elicitationId } = await elicitationOf(agent, "elicit-missed");
    expect(elicitationId).toMatch(/^apr_[0-9a-f]+$/);
    // The decision commits while that worker is not listening: it misses the notification.
    const changed = await missedByListener(running.first, `
      UPDATE approvals SET status = 'approved', "decidedById" = '${setup.userId}', "decidedAt" = (now() AT TIME ZONE 'UTC') WHERE id = '${elicitationId}';`);
    expect(changed).toEqual([1]);
    await expect.poll(() => completed).toEqual([elicitationId]);
    const retried = await agent.callTool(tag("elicit-missed"));
    expect(retried.isError, textOf(retried)).toBeFalsy();
    expect(tagCalls("elicit-missed")).toBe(1);
    await agent.close();
  });

  test("mode hold keeps holding a URL-capable client; a client without elicitation.url gets the retry result", async () => {
    const held = await makeSetup({ transport: "http", url: running.standin.url }, policy({ timeout: "1s", mode: "hold" }));
    const agent = await connectAgent(running.first.url, held.server.id, held.token, urlCapable);
    const expired = await agent.callTool(tag("elicit-hold"));
    expect((expired._meta?.[WARDEN_META_KEY] as { decision: string }).decision).toBe("approval_expired");
    await agent.close();

    const retry = await makeSetup({ transport: "http", url: running.standin.url }, policy({ timeout: "10m" }));
    const formOnly = await connectAgent(running.first.url, retry.server.id, retry.token, { capabilities: { capabilities: { elicitation: { form: {} } } } });
    const answered = await formOnly.callTool(tag("elicit-form"));
    expect((answered._meta?.[WARDEN_META_KEY] as { decision: string }).decision).toBe("approval_pending");
    await formOnly.close();
  });
});
