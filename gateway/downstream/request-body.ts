// Reads a request body up to a cap. Over the cap, reading stops and the caller answers 413.
import type { IncomingMessage } from "node:http";

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export type Body = { ok: true; text: string } | { ok: false; reason: "too_large" | "aborted" };

export function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Body> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.resolve({ ok: false, reason: "too_large" });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (body: Body) => {
      if (done) return;
      done = true;
      resolve(body);
    };
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        finish({ ok: false, reason: "too_large" });
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => finish({ ok: true, text: chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8") }));
    req.on("error", () => finish({ ok: false, reason: "aborted" }));
    req.on("close", () => finish({ ok: false, reason: "aborted" }));
  });
}
