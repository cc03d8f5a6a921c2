// Every test worker: the run's database and the secrets the app needs.
import { inject } from "vitest";

const databaseUrl = inject("databaseUrl");
if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
process.env.AUTH_SECRET ??= "test-auth-secret-0123456789abcdef0123456789";
process.env.WARDEN_ENCRYPTION_KEYS ??= "test:" + Buffer.alloc(32, 7).toString("base64");
