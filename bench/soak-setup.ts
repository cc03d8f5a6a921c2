// The soak's organization: one HTTP registration of the stand-in and one grant whose policy
// counts get_experiment_by_name per grant, holds search_experiments for approval and allows the
// rest; soakPolicy saves a new version of it (a rule on a tool nobody calls comes and goes).
import { seedBench } from "@/bench/setup";
import type { PgWork } from "@/bench/pg-work";

export type SoakGrant = { orgId: string; serverId: string; token: string; policyId: string };

function document(edit: number): unknown {
  return {
    version: "1",
    default: "allow",
    tools: {
      get_experiment_by_name: { limits: [{ counter: "soak", window: "day", max: 1_000_000_000, scope: "grant" }] },
      search_experiments: { action: "require_approval", approval: { timeout: "1m" } },
      ...(edit % 2 === 1 ? { delete_experiment: { action: "deny", reason: `edit ${edit}` } } : {}),
    },
  };
}

export async function soakGrant(work: PgWork, standinUrl: string): Promise<SoakGrant> {
  const data = await seedBench(work.url, standinUrl, { command: "true", args: [] });
  const [row] = await work.query<{ policyId: string }>(`SELECT "policyId" FROM grants WHERE "serverId" = $1`, [data.allowHttp.serverId]);
  const grant = { orgId: data.orgId, ...data.allowHttp, policyId: row!.policyId };
  await soakPolicy(work, grant, 0);
  return grant;
}

/** A new version of the soak policy, made current (the database NOTIFYs the workers). */
export async function soakPolicy(work: PgWork, grant: SoakGrant, edit: number): Promise<void> {
  const version = edit + 2;
  await work.query(`INSERT INTO policy_versions ("orgId", "policyId", version, document) VALUES ($1, $2, $3, $4)`, [grant.orgId, grant.policyId, version, JSON.stringify(document(edit))]);
  await work.query(`UPDATE policies SET "currentVersion" = $2, "updatedAt" = now() WHERE id = $1`, [grant.policyId, version]);
}

