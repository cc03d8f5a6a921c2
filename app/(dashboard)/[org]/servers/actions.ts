"use server";

// Server actions of the Servers pages. Admins (and owners) manage servers and their secrets;
// inputs are validated with the same schemas as the REST API.
import { z } from "zod";
import { orgAction, type ActionResult } from "@/lib/auth/with-org";
import { actorOf } from "@/lib/data/control-events";
import { updateServer } from "@/lib/data/server-edit";
import { deleteServer, registerServer, syncServer, updateServerSecrets } from "@/lib/data/server-registration";
import { approveToolChange, keepToolBlocked } from "@/lib/data/tool-review";
import { parseOrThrow } from "@/lib/http/json-body";
import { registerServerBodySchema, updateServerBodySchema, updateServerSecretsBodySchema } from "@/lib/schemas/server";

const serverRef = z.object({ serverId: z.string().min(1) });
const toolRef = serverRef.extend({ tool: z.string().min(1) });
const secretsInput = serverRef.extend(updateServerSecretsBodySchema.shape);

const register = orgAction("admin", async (ctx, input: unknown) => {
  const { server, sync } = await registerServer(ctx.orgId, parseOrThrow(registerServerBodySchema, input), actorOf(ctx));
  return { id: server.id, toolCount: sync.added.length };
});

const sync = orgAction("admin", async (ctx, input: unknown) => {
  const outcome = await syncServer(ctx.orgId, parseOrThrow(serverRef, input).serverId);
  if (!outcome.ok) return { ok: false as const, message: outcome.message };
  const { added, quarantined, removed, restored } = outcome.sync;
  return { ok: true as const, added: added.length, quarantined: quarantined.length, removed: removed.length, restored: restored.length };
});

const remove = orgAction("admin", async (ctx, input: unknown) => {
  await deleteServer(ctx.orgId, parseOrThrow(serverRef, input).serverId, actorOf(ctx));
  return { deleted: true };
});

const secrets = orgAction("admin", async (ctx, input: unknown) => {
  const body = parseOrThrow(secretsInput, input);
  const server = await updateServerSecrets(ctx.orgId, body.serverId, body.secrets, actorOf(ctx));
  return { secretNames: server.secretNames };
});

const update = orgAction("admin", async (ctx, input: unknown) => {
  const { serverId, ...rest } = parseOrThrow(serverRef.loose(), input);
  const { server, sync, changed } = await updateServer(ctx.orgId, serverId, parseOrThrow(updateServerBodySchema, rest), actorOf(ctx));
  const counts = sync && { added: sync.added.length, quarantined: sync.quarantined.length, removed: sync.removed.length, restored: sync.restored.length };
  return { name: server.name, changed, sync: counts };
});

const approve = orgAction("admin", async (ctx, input: unknown) => {
  const body = parseOrThrow(toolRef, input);
  await approveToolChange(ctx.orgId, body.serverId, body.tool, actorOf(ctx));
  return { tool: body.tool };
});

const keep = orgAction("admin", async (ctx, input: unknown) => {
  const body = parseOrThrow(toolRef, input);
  await keepToolBlocked(ctx.orgId, body.serverId, body.tool, actorOf(ctx));
  return { tool: body.tool };
});

export async function registerServerAction(slug: string, input: unknown): Promise<ActionResult<{ id: string; toolCount: number }>> {
  return register(slug, input);
}
export async function syncServerAction(slug: string, input: unknown) {
  return sync(slug, input);
}
export async function deleteServerAction(slug: string, input: unknown) {
  return remove(slug, input);
}
export async function updateSecretsAction(slug: string, input: unknown) {
  return secrets(slug, input);
}
export async function updateServerAction(slug: string, input: unknown) {
  return update(slug, input);
}
export async function approveToolChangeAction(slug: string, input: unknown) {
  return approve(slug, input);
}
export async function keepToolBlockedAction(slug: string, input: unknown) {
  return keep(slug, input);
}
