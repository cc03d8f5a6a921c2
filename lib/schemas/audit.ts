// Audit log shapes: one filter schema for the page, the REST API and the exports, and the row.
import { z } from "zod";
import { AppError } from "@/lib/errors";

const isoTime = z.iso.datetime({ offset: true, message: "Use an ISO 8601 time such as 2030-01-31T12:00:00Z" });

/** Empty strings (an untouched filter in a form) mean "no filter". Postgres refuses NUL in text. */
const optionalText = z
  .string()
  .trim()
  .max(200)
  .refine((value) => !value.includes("\u0000"), { message: "Must not contain a NUL character" })
  .optional()
  .transform((value) => (value ? value : undefined));

export const auditFiltersSchema = z.object({
  grantId: optionalText,
  serverId: optionalText,
  tool: optionalText,
  decision: optionalText,
  kind: z.enum(["gateway", "control"]).optional().or(z.literal("").transform(() => undefined)),
  from: isoTime.optional().or(z.literal("").transform(() => undefined)),
  to: isoTime.optional().or(z.literal("").transform(() => undefined)),
  q: optionalText.meta({ description: "Text search in tool, method, rule, reason, decision and request id" }),
});
// Partial: callers name only the filters they use.
export type AuditFilters = Partial<z.infer<typeof auditFiltersSchema>>;

export const auditListQuerySchema = auditFiltersSchema.extend({
  cursor: z
    .string()
    .regex(/^[0-9]{1,19}$/, { message: "The cursor is the nextCursor of a previous page" })
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditListQuery = z.infer<typeof auditListQuerySchema>;

export const auditEventSchema = z.object({
  id: z.string().meta({ description: "Monotonic id (a decimal string), the pagination key" }),
  seq: z.string(),
  time: z.iso.datetime(),
  kind: z.enum(["gateway", "control"]),
  serverId: z.string().nullable(),
  grantId: z.string().nullable(),
  grantName: z.string().nullable(),
  serverName: z.string().nullable(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  method: z.string(),
  tool: z.string().nullable(),
  decision: z.string(),
  ruleId: z.string().nullable(),
  reason: z.string().nullable(),
  policyId: z.string().nullable(),
  policyVersion: z.number().int().nullable(),
  argsHash: z.string().nullable(),
  latencyMs: z.number().nullable(),
  upstreamOutcome: z.string().nullable(),
  requestId: z.string().nullable(),
  detail: z.unknown().nullable(),
  hash: z.string(),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;

export const auditListSchema = z.object({ data: z.array(auditEventSchema), nextCursor: z.string().nullable() });


/** Validates a URL's query string with a schema; a bad parameter is a 422 that names it. */
export function parseQuery<S extends z.ZodType>(url: string | URL, schema: S): z.infer<S> {
  const params = new URL(url).searchParams;
  const raw: Record<string, string> = {};
  for (const [key, value] of params) raw[key] = value;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const pointer = "/" + issue.path.map(String).join("/");
  throw new AppError({ code: "unprocessable", message: `${issue.path.join(".") || "query"}: ${issue.message}`, pointer });
}
