// The REST API's OpenAPI 3.1 document, generated from the zod schemas the handlers validate
// with, so the document cannot drift from the code.
import { z } from "zod";
import { operations, type Operation } from "./operations";

const jsonSchema = (schema: z.ZodType, io: "input" | "output") => z.toJSONSchema(schema, { io, unrepresentable: "any" });

const errorSchema = {
  type: "object",
  properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" }, pointer: { type: "string" } }, required: ["code", "message"] } },
};
const errorAnswer = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

function parameters(op: Operation) {
  const fromPath = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
  if (!op.query) return fromPath;
  const query = jsonSchema(op.query, "input") as { properties?: Record<string, unknown> };
  return [...fromPath, ...Object.entries(query.properties ?? {}).map(([name, schema]) => ({ name, in: "query", required: false, schema }))];
}

function operationObject(op: Operation) {
  return {
    summary: op.summary,
    description: `Needs an API key with the ${op.role} role or higher.`,
    operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, "By_$1").replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? "").toUpperCase())}`,
    parameters: parameters(op),
    ...(op.body ? { requestBody: { required: op.method !== "post" || !op.path.includes("/approvals/"), content: { "application/json": { schema: jsonSchema(op.body, "input") } } } } : {}),
    responses: {
      [String(op.status ?? 200)]: op.status === 204 ? { description: "Done (no body)" } : { description: "OK", content: { "application/json": { schema: jsonSchema(op.answer, "output") } } },
      "401": errorAnswer("No, unknown or revoked API key"),
      "403": errorAnswer("The key's role is too low"),
      "404": errorAnswer("Not found (also: another organization's id)"),
      ...(op.conflict ? { "409": errorAnswer(op.conflict) } : {}),
      ...(op.body ? { "413": errorAnswer("The body is larger than WARDEN_API_MAX_BODY_BYTES (1 MiB by default)") } : {}),
      ...(op.body || op.query ? { "422": errorAnswer("Invalid input; error.pointer names the field") } : {}),
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: "3.1.0",
    info: { title: "Warden REST API", version: "1", description: "Policy between AI agents and MCP servers: servers, policies, grants, approvals and the audit log." },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An organization API key (Settings → API keys)" } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}

