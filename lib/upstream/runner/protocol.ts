// What the app sends the stdio runner on stdin, and what the runner answers on stdout.
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

export const runnerRequestSchema = z.object({
  command: z.string().min(1),
  args: z.array(z.string()),
  env: z.record(z.string(), z.string()),
  timeoutMs: z.number().int().positive().max(120_000),
});

export type RunnerRequest = z.infer<typeof runnerRequestSchema>;

export type RunnerAnswer = { ok: true; tools: Tool[] } | { ok: false; message: string };
