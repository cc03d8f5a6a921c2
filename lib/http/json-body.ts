// Validates request bodies and action inputs with zod schemas; errors name the field (JSON Pointer).
import type { z } from "zod";
import { AppError } from "@/lib/errors";

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

export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await request.json();
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
