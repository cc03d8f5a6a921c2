// The OAuth consent page: what it is shown and what it sends back.
import { z } from "zod";

export const consentBodySchema = z.object({
  uid: z.string().min(1).max(100),
  orgId: z.string().min(1).max(100),
  policyId: z.string().min(1).max(100),
});
export type ConsentBody = z.infer<typeof consentBodySchema>;

export type ConsentView = {
  uid: string;
  client: { id: string; name: string; logoUri: string | null; clientUri: string | null; redirectUri: string };
  /** The one gateway MCP URL the token will be bound to. */
  resource: string;
  /** The scopes the client asked for (space-separated). */
  scope: string;
  server: { id: string; name: string };
  /** Organizations the person may grant in: those owning the server where they are admin or owner. */
  organizations: { id: string; name: string; slug: string }[];
  policies: { id: string; name: string }[];
};

/** What answering the consent page gives back: where the browser goes next, or why not. */
export type ConsentOutcome = { ok: true; redirectTo: string } | { ok: false; message: string };
