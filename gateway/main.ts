// `npm run gateway` (and `npm start`): one gateway worker. Configuration comes from the
// environment (see gateway/config.ts); SIGTERM and SIGINT shut it down gracefully.
import type { Logger } from "pino";
import { configFromEnv } from "@/gateway/config";
import { startGateway } from "@/gateway/gateway";
import { createBufferedLogger } from "@/gateway/ops/logger";

/**
 * The safety net does not keep a crashed worker running: after an exception nobody expected, its
 * state (counters taken, audit rows buffered, streams half-written) cannot be trusted. It makes
 * the crash loud instead: the error and its stack go to the log as "fatal", the buffered log
 * lines of the requests before it are flushed (they would be lost with the process), and the
 * worker exits with status 1 for its supervisor to restart.
 */
function exitLoudlyOnCrash(logger: Logger, flush: () => void): void {
  const crash = (kind: string) => (error: unknown) => {
    const err = error instanceof Error ? error : new Error(String(error));
    logger.fatal({ err: err.message, stack: err.stack, kind }, "gateway worker crashed: this is a bug, please report it");
    flush();
    process.exit(1);
  };
  process.on("uncaughtException", crash("uncaughtException"));
  process.on("unhandledRejection", crash("unhandledRejection"));
}

async function main(): Promise<void> {
  let config;
  try {
    config = configFromEnv();
  } catch (error) {
    console.error(`[warden gateway] cannot start:\n${(error as Error).message}`);
    process.exit(1);
  }
  const { logger, flush } = createBufferedLogger(config.logLevel);
  exitLoudlyOnCrash(logger, flush);
  const gateway = await startGateway(config, logger);
  if (process.send) process.send({ type: "listening", port: gateway.port });
  const stop = (signal: string) => {
    logger.info({ signal }, "stopping");
    gateway.close().then(
      () => {
        flush();
        process.exit(0);
      },
      (error: Error) => {
        logger.error({ err: error.message }, "shutdown failed");
        flush();
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

main().catch((error: Error) => {
  console.error(`[warden gateway] failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
