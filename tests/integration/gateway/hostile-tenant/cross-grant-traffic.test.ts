// One grant never sees another grant's traffic. The feature server's tagged_work tool logs,
// elicits and samples while it works, each once tied to the call and once unasked (what stdio
// always is), every message tagged with its caller. Grant A's agents call it concurrently with
// grant B's on the same upstream server of the same organization (the sharpest case), and with an
// agent of another organization on a server of its own, while organization B's bystander keeps
// calling. Every client records each server→client message it gets: none carries another
// caller's tag, and A, which declared the capabilities, gets all of its own.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CreateMessageRequestSchema, ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { createGrant } from "@/lib/data/grants";
import { createPolicy } from "@/lib/data/policies";
import { db } from "@/lib/db";
import { FEATURE_SERVER_MAIN, startFeatureServer } from "../feature-server";
import { account, makeServer, removeTestData } from "../fixtures";
import { connectAgent, startStandin, startTestGateway, textOf } from "../harness";
import { startBystander } from "./bystander";

let features: Awaited<ReturnType<typeof startFeatureServer>>;
let standin: Awaited<ReturnType<typeof startStandin>>;
let gateway: Awaited<ReturnType<typeof startTestGateway>>;

beforeAll(async () => {
  features = await startFeatureServer();
  standin = await startStandin();
  // Two dedicated connections per server, so a third session that asks for one shares the server's.
  gateway = await startTestGateway({ dedicatedUpstreamsPerServer: 2, dedicatedUpstreamsPerGrant: 4 });
});
afterAll(async () => {
  await gateway?.close();
  await standin?.close();
  await features?.close();
  await removeTestData();
});

const ALLOW = { version: "1", default: "allow" };
type Kind = "http" | "stdio";
type Account = Awaited<ReturnType<typeof account>>;

async function featureServer(orgId: string, kind: Kind) {
  if (kind === "http") return makeServer(orgId, { transport: "http", url: features.url });
  return db.mcpServer.create({
    data: { orgId, name: `features-${Math.random().toString(36).slice(2, 8)}`, transport: "stdio", command: process.execPath, args: ["--import", "tsx", FEATURE_SERVER_MAIN, "--stdio"] },
  });
}

async function grantOn(owner: Account, serverId: string): Promise<string> {
  const policy = await createPolicy(owner.org.id, { serverId, name: `allow-${Math.random().toString(36).slice(2, 8)}`, document: ALLOW }, owner.userId);
  return (await createGrant(owner.org.id, { serverId, policyId: policy.id, name: "agent" })).token;
}

/** A connected agent that answers what it declared and records every server→client message it gets. */
type Recorder = { tag: string; client: Client; seen: string[] };

async function recorder(serverId: string, token: string, tag: string, declares: boolean): Promise<Recorder> {
  const client = await connectAgent(gateway.url, serverId, token, declares ? { capabilities: { capabilities: { elicitation: {}, sampling: {} } } } : {});
  const seen: string[] = [];
  const record = (message: { method: string; params?: unknown }) => void seen.push(`${message.method} ${JSON.stringify(message.params ?? {})}`);
  if (declares) {
    client.setRequestHandler(ElicitRequestSchema, (request) => (record(request), { action: "accept", content: { name: tag } }));
    client.setRequestHandler(CreateMessageRequestSchema, (request) => (record(request), { role: "assistant", content: { type: "text", text: tag }, model: "test" }));
  }
  client.fallbackRequestHandler = async (request) => {
    record(request);
    throw new Error("this client answers nothing else");
  };
  client.fallbackNotificationHandler = async (notification) => record(notification);
  return { tag, client, seen };
}

/** The callers' tags found in what a client received. */
const tagsIn = (seen: string[]) => new Set(seen.flatMap((line) => line.match(/\[[A-Za-z-]+\]/g) ?? []));

const sessionOf = (r: Recorder) => (r.client.transport as StreamableHTTPClientTransport).sessionId!;

const ownMessages = (tag: string) => [
  `notifications/message`, `${tag} related log`, `${tag} unrelated log`,
  `elicitation/create`, `${tag} related question`, `${tag} unrelated question`,
  `sampling/createMessage`, `${tag} related prompt`, `${tag} unrelated prompt`,
];

/** tagged_work's outcome lines: related elicitation, unrelated elicitation, related sampling, unrelated sampling. */
const work = async (r: Recorder) => textOf(await r.client.callTool({ name: "tagged_work", arguments: { tag: r.tag } })).split("\n");

test.each<Kind>(["http", "stdio"])("%s upstream: no grant receives another grant's elicitation, sampling or logs", async (kind) => {
  const orgA = await account("gw");
  const server = await featureServer(orgA.org.id, kind);
  const [grantA, grantB] = [await grantOn(orgA, server.id), await grantOn(orgA, server.id)];
  const orgOther = await account("gw");
  const otherServer = await featureServer(orgOther.org.id, kind);
  const grantOther = await grantOn(orgOther, otherServer.id);

  // Placed in this order: A and B get the server's two dedicated connections, B-over shares.
  const a = await recorder(server.id, grantA, "[A]", true);
  await a.client.listTools();
  const b = await recorder(server.id, grantB, "[B]", true);
  await b.client.listTools();
  const bOver = await recorder(server.id, grantB, "[B-over]", true);
  const aShared = await recorder(server.id, grantA, "[A-shared]", false);
  const bShared = await recorder(server.id, grantB, "[B-shared]", false);
  const other = await recorder(otherServer.id, grantOther, "[other-org]", true);
  const recorders = [a, b, bOver, aShared, bShared, other];
  await Promise.all(recorders.map((r) => r.client.listTools()));
  const dedicated = gateway.services.upstreams.dedicated;
  expect(dedicated.count(server.id)).toBe(2);
  expect(dedicated.count(otherServer.id)).toBe(1);
  expect([dedicated.of(sessionOf(a)), dedicated.of(sessionOf(b))].every(Boolean)).toBe(true);
  expect([bOver, aShared, bShared].map((r) => dedicated.of(sessionOf(r)))).toEqual([undefined, undefined, undefined]);

  const bystander = await startBystander(gateway.url, standin.url);
  const bystanderSeen: string[] = [];
  bystander.client.fallbackNotificationHandler = async (n) => void bystanderSeen.push(n.method);
  bystander.client.fallbackRequestHandler = async (r) => {
    bystanderSeen.push(r.method);
    throw new Error("the bystander answers nothing");
  };
  bystander.start(10);
  // Three rounds per caller, all at once; B-shared also keeps a quiet call in flight on the shared connection.
  const rounds = (r: Recorder) => Promise.all([work(r), work(r), work(r)]);
  const [outcomes] = await Promise.all([
    Promise.all(recorders.map(rounds)),
    bShared.client.callTool({ name: "pause", arguments: { ms: 1_500 } }),
  ]);
  const report = await bystander.stop();

  for (const r of [...recorders]) expect([...tagsIn(r.seen)].filter((tag) => tag !== r.tag), `${r.tag} received another caller's message`).toEqual([]);
  expect(bystanderSeen).toEqual([]);

  // The agents with connections of their own get all of their own messages, and answer them.
  for (const r of [a, b, other]) {
    const seen = r.seen.join("\n");
    for (const part of ownMessages(r.tag)) expect(seen).toContain(part);
    expect(outcomes[recorders.indexOf(r)]!.flat().every((line) => line.startsWith("answered"))).toBe(true);
  }
  // On the shared connection nothing unasked is delivered: such requests are refused, such logs dropped.
  for (const r of [bOver, aShared, bShared]) {
    const lines = outcomes[recorders.indexOf(r)]!;
    expect(lines.every((l) => l[1]!.startsWith("refused") && l[3]!.startsWith("refused"))).toBe(true);
    expect(r.seen.join("\n")).not.toContain("unrelated");
  }
  if (kind === "http") {
    // Over HTTP a message on a call's own response stream is related exactly, so it is delivered.
    expect(bOver.seen.join("\n")).toContain("[B-over] related question");
    expect(aShared.seen.join("\n")).toContain("[A-shared] related log");
  }

  expect(report.served).toBe(report.total);
  expect(report.total).toBeGreaterThan(0);
  expect(await bystander.auditedCalls(report.total)).toBe(report.total);
  expect(await bystander.chainVerifies()).toBe(true);

  // A's session ends: its dedicated connection (for stdio, its child process) goes with it.
  const pid = dedicated.of(sessionOf(a))!.pid;
  await (a.client.transport as StreamableHTTPClientTransport).terminateSession();
  await vi.waitFor(() => expect(dedicated.count(server.id)).toBe(1));
  if (kind === "stdio") await vi.waitFor(() => expect(() => process.kill(pid!, 0)).toThrow());
  await Promise.all([...recorders, { client: bystander.client }].map((r) => r.client.close()));
});

test("stdio: a session that sets a log level gets a connection of its own, and its logs", async () => {
  const owner = await account("gw");
  const server = await featureServer(owner.org.id, "stdio");
  const token = await grantOn(owner, server.id);
  const quiet = await recorder(server.id, token, "[quiet]", false);
  const listener = await recorder(server.id, token, "[listener]", false);
  await Promise.all([quiet.client.listTools(), listener.client.listTools()]);
  expect(gateway.services.upstreams.dedicated.count(server.id)).toBe(0);
  await listener.client.setLoggingLevel("info");
  expect(gateway.services.upstreams.dedicated.of(sessionOf(listener))).toBeDefined();
  await Promise.all([work(quiet), work(listener)]);
  expect(listener.seen.join("\n")).toContain("[listener] unrelated log");
  expect(listener.seen.join("\n")).not.toContain("question");
  expect(quiet.seen).toEqual([]);
  await Promise.all([quiet.client.close(), listener.client.close()]);
});
