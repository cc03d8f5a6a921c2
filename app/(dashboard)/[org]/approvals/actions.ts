"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgAction } from "@/lib/auth/with-org";
import { AppError } from "@/lib/errors";
import { decideApproval } from "@/lib/data/approvals";
import { revokeStandingApproval } from "@/lib/data/standing-approvals";
import { actorOf } from "@/lib/data/control-events";
import { approveApprovalBodySchema } from "@/lib/schemas/approval";

const decideInputSchema = approveApprovalBodySchema.extend({ id: z.string().min(1), decision: z.enum(["approved", "denied"]) });

// Editors, admins and owners decide; viewers only watch.
export const decideApprovalAction = orgAction("editor", async (ctx, input: unknown) => {
  const parsed = decideInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError({ code: "unprocessable", message: parsed.error.issues[0]?.message ?? "Invalid decision" });
  const { id, decision, note, allowIdenticalMinutes } = parsed.data;
  const view = await decideApproval(ctx.orgId, id, { decision, note, allowIdenticalMinutes: decision === "approved" ? allowIdenticalMinutes : undefined, actor: actorOf(ctx) });
  revalidatePath(`/${ctx.slug}/approvals`);
  revalidatePath(`/${ctx.slug}/approvals/${id}`);
  return view;
});

// Stop allowing identical calls before the time is up (editors and above, as for deciding).
export const stopIdenticalCallsAction = orgAction("editor", async (ctx, input: unknown) => {
  const parsed = z.object({ id: z.string().min(1) }).safeParse(input);
  if (!parsed.success) throw new AppError({ code: "unprocessable", message: "Invalid approval" });
  await revokeStandingApproval(ctx.orgId, parsed.data.id, actorOf(ctx));
  revalidatePath(`/${ctx.slug}/approvals/${parsed.data.id}`);
  return { id: parsed.data.id };
});
