import type { ServerView } from "@/lib/data/servers";

/** The REST shape of a server: secrets appear by name only ("set"), never by value. */
export function serverJson(server: ServerView) {
  return {
    id: server.id,
    name: server.name,
    transport: server.transport,
    ...(server.transport === "http" ? { url: server.url } : { command: server.command, args: server.args }),
    secrets: Object.fromEntries(server.secretNames.map((name) => [name, "set"])),
    status: server.status,
    statusMessage: server.statusMessage,
    lastSyncedAt: server.lastSyncedAt,
    toolCount: server.toolCount,
    quarantinedCount: server.quarantinedCount,
    createdAt: server.createdAt,
  };
}
