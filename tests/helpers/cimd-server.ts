// A client's metadata document (SEP-991) served over https on 127.0.0.1, with a self-signed
// certificate made by openssl for this run. The app trusts it through NODE_EXTRA_CA_CERTS.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function makeLoopbackCertificate(): { certFile: string; cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), "warden-cimd-"));
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", keyFile, "-out", certFile,
    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
  ], { stdio: "ignore" });
  return { certFile, cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
}

export type MetadataServer = { url(path: string): string; documents: Map<string, unknown>; fetched: string[]; close(): Promise<void> };

/** Serves documents[path] as JSON; every path asked for is recorded in `fetched`. */
export async function startMetadataServer(tls: { cert: string; key: string }): Promise<MetadataServer> {
  const documents = new Map<string, unknown>();
  const fetched: string[] = [];
  const server: Server = createServer(tls, (req, res) => {
    const path = req.url ?? "/";
    fetched.push(path);
    const document = documents.get(path);
    if (document === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `https://127.0.0.1:${port}${path}`,
    documents,
    fetched,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
