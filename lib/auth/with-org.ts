// The tenancy gate. Every page, server action and route handler that touches a tenant's rows
// gets its org id from here — from the session's membership or from an API key, never from a
// request body — and a role check. Not a member: 404 (never 403, which would confirm it exists).
import { notFound } from "next/navigation";
import { hashToken } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { findMembershipBySlug } from "@/lib/data/accounts";
import { resolveApiKey } from "@/lib/data/api-keys";
import { hasRole, type Role } from "@/lib/auth/roles";
import { getSessionUser, requireUser, type SessionUser } from "@/lib/auth/session";

export type OrgContext = {
  orgId: string;
  slug: string;
  orgName: string;
  role: Role;
  /** The acting person; null when an API key acts. */
  user: SessionUser | null;
  apiKeyId: string | null;
};

const forbidden = (role: Role) =>
  new AppError({ code: "forbidden", message: `This needs the ${role} role or higher in this organization` });

async function contextForUser(user: SessionUser, slug: string): Promise<OrgContext | null> {
  const membership = await findMembershipBySlug(user.id, slug);
  if (!membership) return null;
  return { orgId: membership.orgId, slug, orgName: membership.name, role: membership.role, user, apiKeyId: null };
}

/** For pages and layouts: the org of the URL, or a 404 when the signed-in user is not a member. */
export async function requireOrgPage(slug: string, role: Role = "viewer"): Promise<OrgContext> {
  const user = await requireUser();
  const ctx = await contextForUser(user, slug);
  if (!ctx) notFound();
  if (!hasRole(ctx.role, role)) throw forbidden(role);
  return ctx;
}

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fields?: Record<string, string>; pointer?: string } };

/** Wraps a server action: resolves the org from its slug and the session, checks the role. */
export function orgAction<I, O>(role: Role, fn: (ctx: OrgContext, input: I) => Promise<O>) {
  return async (slug: string, input: I): Promise<ActionResult<O>> => {
    try {
      const user = await getSessionUser();
      if (!user) throw new AppError({ code: "unauthorized", message: "Sign in first" });
      const ctx = await contextForUser(user, slug);
      if (!ctx) throw new AppError({ code: "not_found", message: "Not found" });
      if (!hasRole(ctx.role, role)) throw forbidden(role);
      return { ok: true, data: await fn(ctx, input) };
    } catch (error) {
      if (error instanceof AppError) {
        return { ok: false, error: { code: error.code, message: error.message, fields: error.fields, pointer: error.pointer } };
      }
      throw error;
    }
  };
}

async function contextForApiKey(token: string): Promise<OrgContext | null> {
  const key = await resolveApiKey(hashToken(token));
  if (!key) return null;
  return { orgId: key.orgId, slug: key.slug, orgName: key.orgName, role: key.role, user: null, apiKeyId: key.id };
}

// Next passes no params object to handlers of routes without dynamic segments.
type RouteParams = { params?: Promise<Record<string, string | string[] | undefined>> };

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return Response.json(error.toJSON(), { status: error.status });
  console.error(error);
  return Response.json({ error: { code: "internal", message: "Internal error" } }, { status: 500 });
}

/**
 * Wraps a route handler. `Authorization: Bearer <API key>` acts for the key's organization;
 * otherwise the session user acts for the organization named by the `org` route parameter.
 */
export function withOrg(
  handler: (request: Request, ctx: OrgContext, params: Record<string, string>) => Promise<Response>,
  options: { role: Role },
) {
  const gated = async (request: Request, route: RouteParams): Promise<Response> => {
    try {
      const params = Object.fromEntries(
        Object.entries((await route?.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : (v ?? "")]),
      );
      const bearer = request.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
      let ctx: OrgContext | null;
      if (bearer) {
        ctx = await contextForApiKey(bearer.trim());
        if (!ctx) throw new AppError({ code: "unauthorized", message: "The API key is unknown, revoked, or its creator left the organization" });
      } else {
        // No cookie means no session: answer without asking next-auth.
        const user = request.headers.get("cookie") ? await getSessionUser() : null;
        if (!user) throw new AppError({ code: "unauthorized", message: "Sign in or send Authorization: Bearer <API key>" });
        ctx = params.org ? await contextForUser(user, params.org) : null;
        if (!ctx) throw new AppError({ code: "not_found", message: "Not found" });
      }
      if (!hasRole(ctx.role, options.role)) throw forbidden(options.role);
      return await handler(request, ctx, params);
    } catch (error) {
      return errorResponse(error);
    }
  };
  // Exposed so the OpenAPI test can check the documented role against the enforced one.
  return Object.assign(gated, { requiredRole: options.role });
}
