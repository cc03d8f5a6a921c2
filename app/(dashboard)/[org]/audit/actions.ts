"use server";

import { orgAction } from "@/lib/auth/with-org";
import { verifyAuditChain } from "@/lib/audit";

// Walks the organization's whole chain: any member may check that the log was not altered.
export const verifyAuditAction = orgAction("viewer", async (ctx) => verifyAuditChain(ctx.orgId));
