// Agent sessions of this worker (Mcp-Session-Id): which grant opened it, what the client said
// about itself at initialize, and its optional GET stream. Sessions are worker-local; behind a
// load balancer use sticky routing on Mcp-Session-Id, or run the gateway stateless.
import { randomBytes } from "node:crypto";
import type { ClientCapabilities, Implementation } from "@modelcontextprotocol/sdk/types.js";
import type { EventStream } from "@/gateway/downstream/responder";

export type Session = {
  id: string;
  grantId: string;
  serverId: string;
  protocolVersion: string;
  clientCapabilities: ClientCapabilities;
  clientInfo: Implementation | undefined;
  stream: EventStream | undefined;
  subscriptions: Set<string>;
  lastSeenAt: number;
};

const idleExpiryMs = 60 * 60_000;

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;
  /** Called once for each session that ends (DELETE, idle expiry, shutdown), after it is removed. */
  readonly onEnd: ((session: Session) => void)[] = [];

  constructor() {
    this.sweeper = setInterval(() => this.expireIdle(), 60_000);
    this.sweeper.unref();
  }

  create(fields: Omit<Session, "id" | "stream" | "subscriptions" | "lastSeenAt">): Session {
    const session: Session = { ...fields, id: `mcp_${randomBytes(18).toString("base64url")}`, stream: undefined, subscriptions: new Set(), lastSeenAt: Date.now() };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The session, only for the grant that opened it (anything else is "not found"). */
  get(id: string, grantId: string): Session | undefined {
    const session = this.sessions.get(id);
    if (!session || session.grantId !== grantId) return undefined;
    session.lastSeenAt = Date.now();
    return session;
  }

  delete(id: string): void {
    const session = this.sessions.get(id);
    session?.stream?.close();
    this.sessions.delete(id);
    if (session) for (const ended of this.onEnd) ended(session);
  }

  /** Sessions of a server, for messages the upstream sends to everyone (list_changed, logging). */
  ofServer(serverId: string): Session[] {
    return [...this.sessions.values()].filter((session) => session.serverId === serverId);
  }

  /**
   * Closes the streams of a grant's sessions: a client reopens its stream with its token, so a
   * revoked or rotated grant stops receiving anything at once.
   */
  closeStreams(grantId: string): void {
    for (const session of this.sessions.values()) {
      if (session.grantId !== grantId || !session.stream) continue;
      session.stream.close();
      session.stream = undefined;
    }
  }

  private expireIdle(): void {
    const now = Date.now();
    for (const session of this.sessions.values()) if (!session.stream && now - session.lastSeenAt > idleExpiryMs) this.delete(session.id);
  }

  closeAll(): void {
    clearInterval(this.sweeper);
    for (const id of [...this.sessions.keys()]) this.delete(id);
  }
}
