// Validates request bodies and action inputs with zod schemas; errors name the field (JSON Pointer).
// A body is read only up to WARDEN_API_MAX_BODY_BYTES: Next reads route handler bodies without a
// limit, and one tenant's endless body would otherwise grow the shared app's memory until it dies.
import type { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readCappedText } from "@/lib/http/capped-text";

export function pointerOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "" : "/" + path.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
}

/** Validates a server action's input; the error names the field (for the form) and its pointer. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? "form");
  throw new AppError({ code: "unprocessable", message: issue.message, pointer: pointerOf(issue.path), fields: { [field]: issue.message } });
}

const tooLarge = (maxBytes: number) =>
  new AppError({ code: "payload_too_large", message: `The body is larger than ${maxBytes} bytes, the most this API reads (WARDEN_API_MAX_BODY_BYTES)` });

/** The body as text, refused (413) once it passes `maxBytes`: by its Content-Length at once, or while reading. */
export async function readCappedBody(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  return request.body ? readCappedText(request.body, maxBytes, () => tooLarge(maxBytes)) : "";
}

export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S, maxBytes = env().WARDEN_API_MAX_BODY_BYTES): Promise<z.infer<S>> {
  const text = await readCappedBody(request, maxBytes);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError({ code: "bad_request", message: "The body must be valid JSON" });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const pointer = pointerOf(issue.path);
    throw new AppError({ code: "unprocessable", message: `${pointer || "body"}: ${issue.message}`, pointer });
  }
  return parsed.data;
}
