// The short-lived process that runs a tenant's stdio command for the control plane's "test
// connection & import", so the command never runs inside (nor as a child of) the Next.js app
// process. The app starts this file with a minimal environment (lib/upstream/runner/list-tools.ts):
// no database URL, no encryption keys, no session secret. It reads one request on stdin, starts
// the command with the gateway's own stdio isolation (lib/upstream/stdio-isolation.ts), lists the
// tools, writes one JSON answer on stdout and exits.
import { connectUpstream, listAllTools } from "@/lib/upstream/connect";
import { runnerRequestSchema, type RunnerAnswer } from "@/lib/upstream/runner/protocol";

const maxRequestBytes = 1024 * 1024;

async function readRequest(): Promise<unknown> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of process.stdin) {
    bytes += (chunk as Buffer).length;
    if (bytes > maxRequestBytes) throw new Error("The request is too large");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

async function answer(): Promise<RunnerAnswer> {
  try {
    const request = runnerRequestSchema.parse(await readRequest());
    const connection = await connectUpstream(
      { transport: "stdio", command: request.command, args: request.args, env: request.env },
      { policy: { allowPrivate: false }, allowStdio: true, timeoutMs: request.timeoutMs },
    );
    try {
      return { ok: true, tools: await listAllTools(connection, request.timeoutMs) };
    } finally {
      await connection.close();
    }
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

const result = await answer();
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
