// The role ladder of DESIGN.md: each role can do what the roles below it can.
import type { Role } from "@/lib/generated/prisma/enums";

export type { Role };
export const roles: Role[] = ["viewer", "editor", "admin", "owner"];

export function hasRole(actual: Role, required: Role): boolean {
  return roles.indexOf(actual) >= roles.indexOf(required);
}
