// For a test file that registers servers through the product: MLflow stand-ins on 127.0.0.1,
// and private upstreams allowed while the file runs (the product refuses loopback URLs otherwise).
import { afterAll, beforeAll } from "vitest";
import { startMlflowHttpServer, type MlflowHttpHandle } from "../fixtures/mlflow-mcp";

/** Registers the file's beforeAll/afterAll; read each stand-in by its name inside tests. */
export function usePrivateStandins<const Name extends string>(...names: Name[]): Record<Name, MlflowHttpHandle> {
  const standins = {} as Record<Name, MlflowHttpHandle>;
  beforeAll(async () => {
    process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS = "1";
    for (const name of names) standins[name] = await startMlflowHttpServer({ port: 0 });
  });
  afterAll(async () => {
    for (const name of names) await standins[name]?.close();
    delete process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS;
  });
  return standins;
}
