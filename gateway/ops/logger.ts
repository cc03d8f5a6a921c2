// Structured logs (pino): one line per request, plus lifecycle and trouble. Secrets never go in:
// tokens are redacted from paths and headers are not logged.
import pino, { type Logger } from "pino";

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "warden-gateway" }, timestamp: pino.stdTimeFunctions.isoTime });
}

/**
 * A logger that writes stdout in blocks of 4 KB (or every second) instead of a write per line:
 * on a busy worker one request line per call would otherwise cost a system call per call.
 * Returns a flush for shutdown.
 */
export function createBufferedLogger(level: string): { logger: Logger; flush: () => void } {
  const destination = pino.destination({ dest: 1, minLength: 4096, sync: false });
  const logger = pino({ level, base: { service: "warden-gateway" }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  const timer = setInterval(() => destination.flush(), 1_000);
  timer.unref();
  return {
    logger,
    flush: () => {
      clearInterval(timer);
      destination.flushSync();
    },
  };
}

/** The request path with a secret-URL token replaced, for logs. */
export function redactPath(path: string): string {
  return path.replace(/^\/g\/[^/]+/, "/g/[token]");
}
