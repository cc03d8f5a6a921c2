// The OpenAPI document: generated from the zod schemas and covering every v1 route file's methods.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { operations } from "@/app/api/v1/openapi.json/operations";
import { GET } from "@/app/api/v1/openapi.json/route";
import { projectRoot } from "@/lib/db-bootstrap";

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? routeFiles(path) : entry === "route.ts" ? [path] : [];
  });
}

const v1Root = join(projectRoot, "app/api/v1");
const openApiPath = (file: string) => "/" + relative(v1Root, file).replace(/\/?route\.ts$/, "").replace(/\[(\w+)\]/g, "{$1}");

/** app/api/v1/grants/[id]/rotate/route.ts exporting POST → "post /grants/{id}/rotate". */
function implementedOperations(): string[] {
  return routeFiles(v1Root).flatMap((file) => {
    const path = openApiPath(file);
    if (path === "/openapi.json") return [];
    const methods = [...readFileSync(file, "utf8").matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)];
    return methods.map((m) => `${m[1]!.toLowerCase()} ${path}`);
  });
}

describe("GET /api/v1/openapi.json", () => {
  test("documents every implemented v1 operation, with the zod request schemas", async () => {
    const response = GET();
    expect(response.status).toBe(200);
    const doc = await response.json();
    expect(doc.openapi).toBe("3.1.0");
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    for (const operation of implementedOperations()) expect(documented, operation).toContain(operation);

    const createGrant = doc.paths["/grants"].post;
    expect(createGrant.requestBody.content["application/json"].schema).toMatchObject({
      type: "object",
      required: expect.arrayContaining(["serverId", "policyId", "name"]),
      properties: { name: { type: "string", maxLength: 100 } },
    });
    expect(createGrant.responses["201"].content["application/json"].schema.properties).toHaveProperty("token");
    expect(doc.paths["/audit"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["grantId", "serverId", "tool", "decision", "from", "to", "cursor"]),
    );
    expect(JSON.stringify(doc.paths["/policies/{id}"].put.requestBody)).toContain("default");
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  });

  test("documents the role each route actually enforces", async () => {
    const documented = new Map(operations.map((op) => [`${op.method} ${op.path}`, op.role]));
    for (const file of routeFiles(v1Root)) {
      const path = openApiPath(file);
      if (path === "/openapi.json") continue;
      const module = (await import(file)) as Record<string, { requiredRole?: string }>;
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        const handler = module[method];
        if (!handler) continue;
        const key = `${method.toLowerCase()} ${path}`;
        expect(handler.requiredRole, `${key} is not wrapped in withOrg`).toBeDefined();
        expect(documented.get(key), key).toBe(handler.requiredRole);
      }
    }
  });
});
