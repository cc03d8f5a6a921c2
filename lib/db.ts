// The Prisma client, created on first use so that scripts and tests can set DATABASE_URL first.
// One instance per process (cached on globalThis so Next's hot reload does not leak pools).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

const cache = globalThis as unknown as { wardenPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: start Warden with `npm start` or set it.");
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
}

export function getDb(): PrismaClient {
  cache.wardenPrisma ??= createClient();
  return cache.wardenPrisma;
}

/** `db.user.findMany(...)` etc.; resolves the client lazily on first property access. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get: (_target, property) => {
    const client = getDb() as unknown as Record<PropertyKey, unknown>;
    const value = client[property];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

export async function disconnectDb(): Promise<void> {
  await cache.wardenPrisma?.$disconnect();
  cache.wardenPrisma = undefined;
}
