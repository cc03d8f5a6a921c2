// A counter statement that cannot finish (its row is locked, as a hot counter shared with other
// workers can be) must not hold back another organization's counted calls on the same worker:
// counter statements go one at a time so calls batch together, but a slow one gives up its turn.
import pg from "pg";
import { afterAll, expect, test } from "vitest";
import { makeSetup } from "../fixtures";
import { awayFromMinuteEnd, connectAgent, useStandinAndGateway } from "../harness";

const LIMITED = {
  version: "1",
  default: "deny",
  tools: { get_experiment_by_name: { limits: [{ counter: "reads", window: "minute", max: 1000, scope: "grant" }] } },
};
const read = { name: "get_experiment_by_name", arguments: { name: "churn-prediction" } };

const running = useStandinAndGateway();
const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
afterAll(() => locker.end());

test("B's counted calls go through while A's counter statement waits on a locked row", async () => {
  const upstream = { transport: "http" as const, url: running.standin.url };
  const a = await makeSetup(upstream, LIMITED);
  const b = await makeSetup(upstream, LIMITED);
  const agentA = await connectAgent(running.gateway.url, a.server.id, a.token);
  const agentB = await connectAgent(running.gateway.url, b.server.id, b.token);
  await awayFromMinuteEnd(15);
  await agentA.callTool(read); // A's counter row now exists
  await locker.connect();
  await locker.query("BEGIN");
  const locked = await locker.query(`SELECT key FROM counters WHERE key LIKE $1 FOR UPDATE`, [`%grant:${a.grant.id}|%`]);
  expect(locked.rowCount).toBe(1);
  let aDone = false;
  const blockedCall = agentA.callTool(read).finally(() => (aDone = true));
  await new Promise((resolve) => setTimeout(resolve, 200)); // A's statement is now waiting on the lock
  const started = Date.now();
  for (let i = 0; i < 5; i++) {
    const result = await agentB.callTool(read);
    expect(result.isError).toBeFalsy();
  }
  const bMs = Date.now() - started;
  // B was served while A's statement still waited: A had not finished when B's five calls had.
  expect(aDone).toBe(false);
  expect(bMs).toBeLessThan(2_000);
  await locker.query("ROLLBACK");
  const aResult = await blockedCall;
  expect(aResult.isError).toBeFalsy();
  await agentA.close();
  await agentB.close();
});
