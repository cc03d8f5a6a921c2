// Hostile tenant, app side: a REST request body is read only up to WARDEN_API_MAX_BODY_BYTES.
// Tenant A (any member with an API key) streams a huge body at a JSON endpoint; the app must
// refuse it with 413 after reading at most the limit, not buffer all of it (which would let one
// tenant exhaust the shared app's memory), and tenant B's ordinary request is answered meanwhile.
import { describe, expect, test } from "vitest";
import { POST as createGrant } from "@/app/api/v1/grants/route";
import { env } from "@/lib/env";
import { apiRequest, makeTenant, params } from "./api-helpers";

const chunk = new Uint8Array(64 * 1024).fill(0x61); // "aaaa…"

/** A JSON body of `totalBytes` (a name that never ends in time), counting the bytes the reader pulled. */
function hugeBody(totalBytes: number) {
  const counter = { pulled: 0 };
  const head = new TextEncoder().encode('{"name":"');
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(head);
      counter.pulled += head.byteLength;
    },
    pull(controller) {
      if (counter.pulled >= totalBytes) {
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
        return;
      }
      controller.enqueue(chunk);
      counter.pulled += chunk.byteLength;
    },
  });
  return { stream, counter };
}

function streamingRequest(token: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/v1/grants", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}

describe("REST API request body limit", () => {
  test("a streamed 64 MiB body is refused with 413 after at most the limit is read; B is served meanwhile", async () => {
    const a = await makeTenant("body-limit-a");
    const b = await makeTenant("body-limit-b");
    const limit = env().WARDEN_API_MAX_BODY_BYTES;
    const { stream, counter } = hugeBody(64 * 1024 * 1024);

    const attack = createGrant(streamingRequest(a.keys.editor, stream), params());
    const honest = createGrant(apiRequest("POST", "/api/v1/grants", b.keys.editor, { serverId: b.server.id, policyId: b.policy.id, name: "B" }), params());
    const [refused, served] = await Promise.all([attack, honest]);

    expect(served.status).toBe(201);
    expect(refused.status).toBe(413);
    const body = await refused.json();
    expect(body.error.code).toBe("payload_too_large");
    expect(body.error.message).toContain(`${limit} bytes`);
    expect(body.error.message).toContain("WARDEN_API_MAX_BODY_BYTES");
    // Read no further than the limit (plus the chunk that crossed it, and the stream's read-ahead).
    expect(counter.pulled).toBeLessThanOrEqual(limit + 4 * chunk.byteLength);
  });

  test("a Content-Length over the limit is refused before any byte is read", async () => {
    const a = await makeTenant("body-limit-length");
    const limit = env().WARDEN_API_MAX_BODY_BYTES;
    const { stream, counter } = hugeBody(limit * 4);
    const refused = await createGrant(streamingRequest(a.keys.editor, stream, { "content-length": String(limit * 4) }), params());
    expect(refused.status).toBe(413);
    expect((await refused.json()).error.message).toContain(`${limit} bytes`);
    expect(counter.pulled).toBeLessThanOrEqual(chunk.byteLength * 2);
  });

  test("a body just under the limit is still read and validated as before", async () => {
    const a = await makeTenant("body-limit-under");
    const padding = " ".repeat(env().WARDEN_API_MAX_BODY_BYTES - 1_000);
    const text = `{"serverId":"${a.server.id}","policyId":"${a.policy.id}","name":"under the limit"}${padding}`;
    const created = await createGrant(apiRequest("POST", "/api/v1/grants", a.keys.editor, text), params());
    expect(created.status).toBe(201);
    expect((await created.json()).name).toBe("under the limit");
  });
});
