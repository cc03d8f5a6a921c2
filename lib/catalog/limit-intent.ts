// "Limit this tool →": the paths that carry a catalogued tool's recommended rule from its public
// page through sign-up, the choice of server, and into the policy builder's draft. The intent is
// only ever a catalogued server's slug and a tool name; the rule itself is recomputed from the
// catalog at every step, so nothing a visitor puts in a URL becomes policy.
import type { PolicyDocument } from "@/lib/schemas/policy";
import { findCatalogTool } from "./servers";

const segment = encodeURIComponent;

export const catalogToolPath = (server: string, tool: string) => `/catalog/${segment(server)}/${segment(tool)}`;

/** The button's target: public, so a signed-out visitor is sent to sign up with it as `next`. */
export const limitStartPath = (server: string, tool: string) => `${catalogToolPath(server, tool)}/limit`;

/** Inside an organization: pick or register the server. */
export const orgLimitPath = (slug: string, server: string, tool: string) => `/${segment(slug)}/limit/${segment(server)}/${segment(tool)}`;

/** The builder for a new policy of `serverId`, its draft the catalog's rule for the tool. */
export function builderPath(slug: string, serverId: string, server: string, tool: string): string {
  const query = new URLSearchParams({ server: serverId, catalog: server, tool });
  return `/${segment(slug)}/policies/new?${query.toString()}`;
}

/** The builder's starting draft for a `?catalog=&tool=` intent, or null when it names nothing catalogued. */
export function catalogDraft(server: unknown, tool: unknown): { draft: PolicyDocument; label: string } | null {
  if (typeof server !== "string" || typeof tool !== "string") return null;
  const found = findCatalogTool(server, tool);
  if (!found) return null;
  return { draft: found.tool.recommended, label: `the catalog's recommended rule for ${found.tool.name}` };
}
