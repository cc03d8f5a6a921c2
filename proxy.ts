// Runs before every route (pages, API, assets): adds the security headers of
// lib/http/security-headers.ts. Read at request time, so APP_URL of the running app decides HSTS.
import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { securityHeaders } from "@/lib/http/security-headers";

export function proxy() {
  const response = NextResponse.next();
  const https = env().APP_URL.startsWith("https://");
  for (const [name, value] of Object.entries(securityHeaders({ https, dev: process.env.NODE_ENV === "development" }))) {
    response.headers.set(name, value);
  }
  return response;
}
