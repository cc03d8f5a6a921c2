// GET /api/v1/openapi.json: the OpenAPI document of the REST API. Public: it holds no data.
import { openApiDocument } from "./document";

export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
