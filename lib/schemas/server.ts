// Registering an MCP server: the same schemas validate the browser form, the server action and
// POST /api/v1/servers. Header and env values are secrets: they go in, they never come back out.
import { z } from "zod";

export const SERVER_NAME_MAX = 64;

const serverNameSchema = z
  .string({ error: "Name the server" })
  .trim()
  .min(1, { error: "Name the server" })
  .max(SERVER_NAME_MAX, { error: `Use at most ${SERVER_NAME_MAX} characters` });

// Headers the HTTP client itself manages, or that would let a secret header smuggle a second request.
const RESERVED_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "upgrade", "mcp-session-id", "mcp-protocol-version"]);

export const headerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, { error: "is not a valid HTTP header name" })
  .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), { error: "is set by Warden itself and cannot be configured" });

export const envNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, { error: "must be an environment variable name such as MLFLOW_TRACKING_URI" });

const secretValueSchema = z
  .string({ error: "must be a text value" })
  .max(8192, { error: "must be at most 8192 characters" })
  .refine((value) => !/[\r\n\0]/.test(value), { error: "must not contain line breaks" });

const upstreamUrlSchema = z
  .string({ error: "Enter the server's URL" })
  .trim()
  .min(1, { error: "Enter the server's URL" })
  .max(2048, { error: "Use at most 2048 characters" })
  .superRefine((text, ctx) => {
    // One message per URL: the first thing wrong with it.
    if (!URL.canParse(text)) return ctx.addIssue({ code: "custom", message: "Enter a full URL such as https://mcp.example.com/mcp" });
    const url = new URL(text);
    if (!/^https?:$/.test(url.protocol)) return ctx.addIssue({ code: "custom", message: "Use an http:// or https:// URL" });
    if (url.username || url.password) ctx.addIssue({ code: "custom", message: "Put credentials in a header, not in the URL" });
  });

export const httpServerBodySchema = z.object({
  name: serverNameSchema,
  transport: z.literal("http"),
  url: upstreamUrlSchema,
  headers: z.record(headerNameSchema, secretValueSchema).optional(),
});

export const stdioServerBodySchema = z.object({
  name: serverNameSchema,
  transport: z.literal("stdio"),
  command: z
    .string({ error: "Enter the command to run" })
    .trim()
    .min(1, { error: "Enter the command to run" })
    .max(512, { error: "Use at most 512 characters" }),
  args: z.array(z.string().max(2048, { error: "must be at most 2048 characters" })).max(64, { error: "Use at most 64 arguments" }).optional(),
  env: z.record(envNameSchema, secretValueSchema).optional(),
});

export const registerServerBodySchema = z.discriminatedUnion("transport", [httpServerBodySchema, stdioServerBodySchema], {
  error: 'transport must be "http" or "stdio"',
});

export type RegisterServerBody = z.infer<typeof registerServerBodySchema>;
export type HttpServerBody = z.infer<typeof httpServerBodySchema>;
export type StdioServerBody = z.infer<typeof stdioServerBodySchema>;

/** Replacing a server's secrets: a name mapped to null removes it, names left out keep their value. */
export const updateServerSecretsBodySchema = z.object({
  secrets: z.record(z.string().min(1).max(100), secretValueSchema.nullable()),
});
export type UpdateServerSecretsBody = z.infer<typeof updateServerSecretsBodySchema>;

/**
 * Changing a registered server: every field is optional, names left out keep their value. The
 * transport stays what it was (url for http, command and args for stdio); secrets are replaced
 * or removed (null) per name and never read back.
 */
export const updateServerBodySchema = z
  .object({
    name: serverNameSchema.optional(),
    url: upstreamUrlSchema.optional(),
    command: stdioServerBodySchema.shape.command.optional(),
    args: stdioServerBodySchema.shape.args,
    secrets: updateServerSecretsBodySchema.shape.secrets.optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((value) => value !== undefined), { error: "Change at least one field" });
export type UpdateServerBody = z.infer<typeof updateServerBodySchema>;

/** The MLflow MCP server (kkruglik/mlflow-mcp) as a stdio upstream: `uvx mlflow-mcp`. */
export const mlflowPreset = {
  name: "MLflow",
  command: "uvx",
  args: ["mlflow-mcp"],
  env: ["MLFLOW_TRACKING_URI", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_TOKEN"],
  requiredEnv: ["MLFLOW_TRACKING_URI"],
} as const;
