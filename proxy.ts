// Runs before every route (pages, API, assets): adds the security headers of
// lib/http/security-headers.ts. Read at request time, so APP_URL of the running app decides HSTS.
// It also hands pages the path asked for (x-warden-path, always overwritten), so that a sign-in
// redirect can come back to it.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { securityHeaders } from "@/lib/http/security-headers";

/** Page loads only: other requests (server actions, the API, next-auth's POSTs) go through untouched. */
function pageRequest(request: NextRequest): boolean {
  return request.method === "GET" && !request.nextUrl.pathname.startsWith("/api/") && !request.nextUrl.pathname.startsWith("/_next/");
}

export function proxy(request: NextRequest) {
  let response: NextResponse;
  if (pageRequest(request)) {
    const forwarded = new Headers(request.headers);
    forwarded.set("x-warden-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);
    response = NextResponse.next({ request: { headers: forwarded } });
  } else {
    response = NextResponse.next();
  }
  const https = env().APP_URL.startsWith("https://");
  for (const [name, value] of Object.entries(securityHeaders({ https, dev: process.env.NODE_ENV === "development" }))) {
    response.headers.set(name, value);
  }
  return response;
}
