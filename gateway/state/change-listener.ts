// A dedicated connection that LISTENs for change notifications. It reconnects with back-off when
// the database goes away, and after reconnecting asks for a full reload, because notifications
// sent while it was away are lost.
import pg from "pg";
import type { Logger } from "pino";
import type { ChangePayload } from "@/gateway/state/state-cache";

export const CHANGE_CHANNELS = ["warden_changes", "warden_policy_changed"] as const;

export type ChangeHandlers = { onChange(change: ChangePayload): void; onReconnect(): void };

export class ChangeListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private attempts = 0;
  private timer: NodeJS.Timeout | undefined;
  private everConnected = false;
  listening = false;
  /** The listening connection's server process id (pg_stat_activity.pid), while connected. */
  backendPid: number | undefined;

  constructor(
    private readonly url: string,
    private readonly handlers: ChangeHandlers,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 2_000, keepAlive: true, application_name: "warden-gateway-listener" });
    client.on("notification", (message) => this.receive(message.payload));
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client, new Error("connection ended")));
    try {
      await client.connect();
      for (const channel of CHANGE_CHANNELS) await client.query(`LISTEN ${channel}`);
      this.backendPid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    this.client = client;
    this.listening = true;
    this.attempts = 0;
    if (this.everConnected) {
      this.logger.info("change listener reconnected; reloading cached state");
      this.handlers.onReconnect();
    }
    this.everConnected = true;
  }

  private receive(payload: string | undefined): void {
    try {
      this.handlers.onChange(JSON.parse(payload ?? "{}") as ChangePayload);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, "ignored a malformed change notification");
    }
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.client && this.client !== client) return;
    this.client = undefined;
    if (this.listening) this.logger.warn({ err: error.message }, "change listener lost its connection");
    this.listening = false;
    this.backendPid = undefined;
    client.removeAllListeners("end");
    client.on("error", () => {});
    void client.end().catch(() => undefined);
    if (this.stopped || this.timer) return;
    const delayMs = Math.min(5_000, 100 * 2 ** this.attempts++);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, delayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    if (client) {
      client.removeAllListeners("end");
      await client.end().catch(() => undefined);
    }
  }
}
