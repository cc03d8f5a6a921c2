// Agent sessions of this worker (Mcp-Session-Id): which grant opened it, what little the gateway
// keeps of the client's initialize, and its optional GET stream. Sessions are worker-local; behind
// a load balancer use sticky routing on Mcp-Session-Id, or run the gateway stateless.
//
// Memory is bounded: at most `maxSessionsPerGrant` per grant and `maxSessions` in all. Sessions
// are indexed by grant, organization and server, each index kept in least-recently-used order.
import { randomBytes } from "node:crypto";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import type { ClientIdentity } from "@/gateway/downstream/client-info";
import type { EventStream } from "@/gateway/downstream/responder";

export type Session = {
  id: string;
  grantId: string;
  orgId: string;
  serverId: string;
  protocolVersion: string;
  /** Only the capabilities the gateway acts on (see client-info.ts). */
  clientCapabilities: ClientCapabilities;
  clientInfo: ClientIdentity | undefined;
  stream: EventStream | undefined;
  subscriptions: Set<string>;
  lastSeenAt: number;
};

/** What a GET stream was opened with, so that it closes when that stops being valid. */
export type StreamCredentials = {
  grantId: string;
  /** The grant's version when the stream opened: any change to the grant (revoked, rotated, expiry moved) bumps it. */
  grantVersion: number;
  /** The sha256 of the OAuth access token that opened it; undefined for a grant token. */
  tokenHash: string | undefined;
};

export type SessionLimits = { maxSessions: number; maxSessionsPerGrant: number; idleMs: number };

export type SessionLimitName = "GATEWAY_MAX_SESSIONS_PER_GRANT" | "GATEWAY_MAX_SESSIONS";

/** The outcome of opening a session: the session (and the one it displaced, if any), or the limit that refused it. */
export type Admission =
  | { ok: true; session: Session; evicted: Session | undefined }
  | { ok: false; limit: SessionLimitName; max: number };

type NewSession = Omit<Session, "id" | "stream" | "subscriptions" | "lastSeenAt">;

const defaultLimits: SessionLimits = { maxSessions: 10_000, maxSessionsPerGrant: 100, idleMs: 3_600_000 };

/** Moves `session` to the most recently used end of an index. */
function touchIn(index: Map<string, Session> | undefined, session: Session): void {
  if (!index?.delete(session.id)) return;
  index.set(session.id, session);
}

function addTo<V>(indexes: Map<string, Map<string, V>>, key: string, id: string, value: V): void {
  const index = indexes.get(key) ?? new Map<string, V>();
  index.set(id, value);
  indexes.set(key, index);
}

function removeFrom<V>(indexes: Map<string, Map<string, V>>, key: string, id: string): void {
  const index = indexes.get(key);
  index?.delete(id);
  if (index?.size === 0) indexes.delete(key);
}

function leastRecentWithoutStream(index: Map<string, Session> | undefined): Session | undefined {
  for (const session of index?.values() ?? []) if (!session.stream) return session;
  return undefined;
}

export class SessionStore {
  /** Every session, least recently used first. */
  private readonly byId = new Map<string, Session>();
  private readonly byGrant = new Map<string, Map<string, Session>>();
  private readonly byOrg = new Map<string, Map<string, Session>>();
  private readonly byServer = new Map<string, Map<string, Session>>();
  /** Every open stream and the credentials it was opened with; one per session with a stream. */
  private readonly openStreams = new Map<EventStream, StreamCredentials>();
  /** Open streams by the sha256 of the OAuth access token that opened them (its revocation closes them). */
  private readonly streamsByToken = new Map<string, Set<EventStream>>();
  private readonly sweeper: NodeJS.Timeout;
  /** Called once for each session that ends (DELETE, idle expiry, shutdown), after it is removed. */
  readonly onEnd: ((session: Session) => void)[] = [];

  constructor(private readonly limits: SessionLimits = defaultLimits) {
    this.sweeper = setInterval(() => this.expireIdle(), Math.min(60_000, Math.max(250, limits.idleMs / 2)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * Opens a session within the limits. At a grant's cap, its least recently used session without
   * a stream is ended to make room (that client's next request gets 404 and it re-initializes, as
   * MCP asks); when each of its sessions holds a stream, the grant is refused. At the worker's cap,
   * the organization holding the most sessions gives one up: its least recently used session
   * without a stream, or — when it is not the caller's organization — its least recently used one.
   * So one organization can fill the worker only until another one arrives.
   */
  open(fields: NewSession): Admission {
    this.expireIdle();
    let evicted: Session | undefined;
    const grantSessions = this.byGrant.get(fields.grantId);
    if ((grantSessions?.size ?? 0) >= this.limits.maxSessionsPerGrant) {
      evicted = leastRecentWithoutStream(grantSessions);
      if (!evicted) return { ok: false, limit: "GATEWAY_MAX_SESSIONS_PER_GRANT", max: this.limits.maxSessionsPerGrant };
      this.delete(evicted.id);
    } else if (this.byId.size >= this.limits.maxSessions) {
      evicted = this.victimAtWorkerCap(fields.orgId);
      if (!evicted) return { ok: false, limit: "GATEWAY_MAX_SESSIONS", max: this.limits.maxSessions };
      this.delete(evicted.id);
    }
    const session: Session = { ...fields, id: `mcp_${randomBytes(18).toString("base64url")}`, stream: undefined, subscriptions: new Set(), lastSeenAt: Date.now() };
    this.byId.set(session.id, session);
    addTo(this.byGrant, session.grantId, session.id, session);
    addTo(this.byOrg, session.orgId, session.id, session);
    addTo(this.byServer, session.serverId, session.id, session);
    return { ok: true, session, evicted };
  }

  private victimAtWorkerCap(callerOrgId: string): Session | undefined {
    let heaviest = callerOrgId;
    for (const [orgId, sessions] of this.byOrg) if (sessions.size > (this.byOrg.get(heaviest)?.size ?? 0)) heaviest = orgId;
    const sessions = this.byOrg.get(heaviest);
    const idle = leastRecentWithoutStream(sessions);
    if (idle || heaviest === callerOrgId) return idle;
    return sessions?.values().next().value;
  }

  /** The session, only for the grant that opened it (anything else is "not found"). */
  get(id: string, grantId: string): Session | undefined {
    const session = this.byId.get(id);
    if (!session || session.grantId !== grantId) return undefined;
    this.touch(session);
    return session;
  }

  /** Marks a session as just used (a request, or its stream ending). */
  touch(session: Session): void {
    session.lastSeenAt = Date.now();
    touchIn(this.byId, session);
    touchIn(this.byGrant.get(session.grantId), session);
    touchIn(this.byOrg.get(session.orgId), session);
  }

  delete(id: string): void {
    const session = this.byId.get(id);
    if (!session) return;
    this.byId.delete(id);
    removeFrom(this.byGrant, session.grantId, id);
    removeFrom(this.byOrg, session.orgId, id);
    removeFrom(this.byServer, session.serverId, id);
    session.stream?.close();
    session.stream = undefined;
    for (const ended of this.onEnd) ended(session);
  }

  /** Sessions of a server, for messages the upstream sends to everyone (list_changed, logging). */
  ofServer(serverId: string): Session[] {
    return [...(this.byServer.get(serverId)?.values() ?? [])];
  }

  /** Sessions of a grant, least recently used first. */
  ofGrant(grantId: string): Session[] {
    return [...(this.byGrant.get(grantId)?.values() ?? [])];
  }

  /**
   * Closes the streams of a grant's sessions: a client reopens its stream with its token, so a
   * revoked or rotated grant stops receiving anything at once.
   */
  closeStreams(grantId: string): void {
    for (const session of this.byGrant.get(grantId)?.values() ?? []) {
      session.stream?.close();
      session.stream = undefined;
    }
  }

  /** Remembers what `stream` was opened with, until the returned function is called (when the stream ends). */
  trackStream(stream: EventStream, credentials: StreamCredentials): () => void {
    this.openStreams.set(stream, credentials);
    const { tokenHash } = credentials;
    if (tokenHash === undefined) return () => void this.openStreams.delete(stream);
    const streams = this.streamsByToken.get(tokenHash) ?? new Set<EventStream>();
    streams.add(stream);
    this.streamsByToken.set(tokenHash, streams);
    return () => {
      this.openStreams.delete(stream);
      streams.delete(stream);
      if (streams.size === 0 && this.streamsByToken.get(tokenHash) === streams) this.streamsByToken.delete(tokenHash);
    };
  }

  /**
   * What the open streams were opened with: the distinct access token hashes, and per grant the
   * versions it had then. Bounded by the open streams (one per session).
   */
  streamCredentials(): { tokenHashes: string[]; grantVersions: Map<string, Set<number>> } {
    const grantVersions = new Map<string, Set<number>>();
    for (const { grantId, grantVersion } of this.openStreams.values()) {
      const versions = grantVersions.get(grantId) ?? new Set<number>();
      versions.add(grantVersion);
      grantVersions.set(grantId, versions);
    }
    return { tokenHashes: [...this.streamsByToken.keys()], grantVersions };
  }

  /** Closes the streams opened with an access token that was revoked (the client reopens them with a valid one, or not at all). */
  closeTokenStreams(tokenHash: string): void {
    for (const stream of [...(this.streamsByToken.get(tokenHash)?.values() ?? [])]) stream.close();
  }

  /** Ends sessions without a stream idle for longer than the limit; `byId` is in last-use order, so this stops at the first recent one. */
  private expireIdle(): void {
    const cutoff = Date.now() - this.limits.idleMs;
    for (const session of this.byId.values()) {
      if (session.lastSeenAt > cutoff) return;
      if (!session.stream) this.delete(session.id);
    }
  }

  closeAll(): void {
    clearInterval(this.sweeper);
    for (const id of [...this.byId.keys()]) this.delete(id);
  }
}
