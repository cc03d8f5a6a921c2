// `npm run gateway` (and `npm start`): one gateway worker. Configuration comes from the
// environment (see gateway/config.ts); SIGTERM and SIGINT shut it down gracefully.
import { configFromEnv } from "@/gateway/config";
import { startGateway } from "@/gateway/gateway";
import { createBufferedLogger } from "@/gateway/ops/logger";

async function main(): Promise<void> {
  let config;
  try {
    config = configFromEnv();
  } catch (error) {
    console.error(`[warden gateway] cannot start:\n${(error as Error).message}`);
    process.exit(1);
  }
  const { logger, flush } = createBufferedLogger(config.logLevel);
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
