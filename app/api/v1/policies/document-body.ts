// Policy request bodies: `{ "document": … }` as before, or a bare policy document (a seed file or a
// PolicyLayer export sent as it is). Either document goes through the PolicyLayer import, which
// returns a Warden document unchanged and converts PolicyLayer's constructs, saying what changed.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { pointerOf, readJsonBody } from "@/lib/http/json-body";
import { importPolicyLayer, type ImportNote } from "@/lib/policy/import-policylayer";
import type { PolicyDocument } from "@/lib/schemas/policy";

const DOCUMENT_KEYS = ["version", "default", "tools", "hide", "all_tools"];

/** A body with no `document` but a policy's own keys at the top is the document itself. */
export function isBareDocument(body: unknown): body is Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body) || "document" in body) return false;
  return DOCUMENT_KEYS.some((key) => key in body);
}

/** Reads the body, wrapping a bare document as `{ document, ...extra }`, then validates with `schema`. */
export async function readPolicyBody<S extends z.ZodType>(request: Request, schema: S, extra: Record<string, unknown> = {}): Promise<z.infer<S>> {
  const raw: unknown = await readJsonBody(request, z.unknown());
  const body = isBareDocument(raw) ? { ...extra, document: raw } : raw;
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const pointer = pointerOf(issue.path);
  throw new AppError({ code: "unprocessable", message: `${pointer || "body"}: ${issue.message}`, pointer });
}

/** The Warden document to save, and what the import changed; 422 naming the field when it cannot convert. */
export function importedDocument(document: unknown): { document: PolicyDocument; imported: ImportNote[] } {
  const result = importPolicyLayer(document);
  if (result.ok) return { document: result.document, imported: result.changes };
  const first = result.errors[0]!;
  const pointer = `/document${first.pointer}`;
  const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : "";
  throw new AppError({ code: "unprocessable", message: `${pointer} ${first.message}${more}`, pointer });
}
