import type { PolicyDetail } from "@/lib/data/policies";

/** The REST shape of a policy: its current version and document. */
export function policyJson(policy: PolicyDetail) {
  return { id: policy.id, name: policy.name, serverId: policy.serverId, version: policy.currentVersion, document: policy.document, updatedAt: policy.savedAt };
}
