// The answer of a task's call goes to the task's row, not to an HTTP response. The request that
// happens to run it (a tasks/get, already answered, or a tasks/result whose client may give up)
// must neither cancel the approved call when its client leaves (the approval is used up by then)
// nor receive the call's messages (the spec asks servers not to turn tasks/get into a stream):
// server→client requests of the upstream are refused, as for any client that cannot answer them.
import type { Responder } from "@/gateway/downstream/responder";

export function detachedResponder(): Responder {
  const detached: Pick<Responder, "finished" | "canStream" | "onAbort" | "send" | "finish"> = {
    finished: true,
    canStream: false,
    onAbort: () => undefined,
    send: () => false,
    finish: () => undefined,
  };
  // Only the members above are used on the forwarding path (forward.ts, server-messages.ts).
  return detached as Responder;
}
