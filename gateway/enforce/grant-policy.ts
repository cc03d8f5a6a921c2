// The grant's compiled policy for a decision: from the worker's cache, else the database. When the
// database cannot be reached (or the policy is gone) the answer is a fail-closed verdict, so no
// request that needs a policy is ever forwarded without one.
import { failClosed, type Verdict } from "@/gateway/enforce/verdict";
import type { Exchange } from "@/gateway/proxy/exchange";
import type { PolicyRecord } from "@/gateway/state/records";

/** `what` names the refused thing in the reason ("call", "request"). */
export async function grantPolicy(x: Exchange, what: "call" | "request"): Promise<PolicyRecord | Verdict> {
  const { state } = x.services;
  try {
    const policy = state.cachedPolicy(x.grant.policyId) ?? (await state.policy(x.grant.policyId));
    return policy ?? failClosed("The grant's policy no longer exists");
  } catch {
    return failClosed(`Warden cannot load this grant's policy right now (its database is unreachable), so the ${what} was not forwarded`);
  }
}
