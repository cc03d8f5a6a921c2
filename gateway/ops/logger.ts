// Structured logs (pino): one line per request, plus lifecycle and trouble. Secrets never go in:
// tokens are redacted from paths and headers are not logged.
import pino, { type Logger } from "pino";

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "warden-gateway" }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** The request path with a secret-URL token replaced, for logs. */
export function redactPath(path: string): string {
  return path.replace(/^\/g\/[^/]+/, "/g/[token]");
}
