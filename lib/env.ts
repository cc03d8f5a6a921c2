// The validated environment. Every process reads configuration through here, never process.env.
import { z } from "zod";

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((value) => value === "1" || value === "true");

const envSchema = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL must be a postgresql:// URL"),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters (npm start generates one)"),
  // 32 bytes, base64. Several keys may be given as "id1:key1,id2:key2"; the first encrypts.
  WARDEN_ENCRYPTION_KEYS: z.string().min(1, "WARDEN_ENCRYPTION_KEYS must be set (npm start generates one)"),
  APP_URL: z.url().default("http://localhost:3000"),
  GATEWAY_URL: z.url().default("http://localhost:3100"),
  WARDEN_ALLOW_STDIO: flag,
  WARDEN_ALLOW_PRIVATE_UPSTREAMS: flag,
  // Narrow WARDEN_ALLOW_STDIO: command basenames (uvx,npx) and organization ids or slugs allowed; unset = any.
  WARDEN_STDIO_COMMANDS: z.string().optional(),
  WARDEN_STDIO_ORGS: z.string().optional(),
  // New accounts one client address may create back to back before 2^k-second delays start.
  WARDEN_SIGNUPS_PER_IP: z.coerce.number().int().positive().default(10),
  // OAuth authorization requests (each stores a pending interaction for 30 minutes) one client
  // address may make back to back before 2^k-second delays start.
  WARDEN_OAUTH_AUTHORIZATIONS_PER_IP: z.coerce.number().int().positive().default(100),
  // The largest JSON body a REST endpoint reads; a larger one is refused with 413 before it is read whole.
  WARDEN_API_MAX_BODY_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  // Set by `npm start` to its demo MLflow server, so the register form can offer it in one click.
  WARDEN_DEMO_SERVER_URL: z.url("WARDEN_DEMO_SERVER_URL must be an http(s) URL").optional(),
  // Outgoing mail: smtp://user:pass@host:587 or smtps://…:465. Unset: mail is logged, not sent
  // (npm start sets it to its local catcher).
  SMTP_URL: z.url("SMTP_URL must be an smtp:// or smtps:// URL").optional(),
  MAIL_FROM: z.string().min(3).default("Warden <warden@localhost>"),
  // Set by npm start when it runs the local mail catcher: its folder, shown at /dev/mail.
  WARDEN_MAIL_CATCHER_DIR: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}
