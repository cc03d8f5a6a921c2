import { describe, expect, test } from "vitest";
import { signUpAction } from "@/app/(auth)/sign-up/actions";
import { db } from "@/lib/db";
import { uniqueEmail } from "../helpers/factories";

const valid = () => ({ name: "Ada Lovelace", email: uniqueEmail("ada"), password: "a-long-password", organization: "Analytical Engines" });

async function counts() {
  return { users: await db.user.count(), orgs: await db.organization.count(), memberships: await db.membership.count() };
}

describe("sign-up", () => {
  test("creates the user, the organization and an owner membership together", async () => {
    const input = valid();
    const result = await signUpAction(input);
    expect(result.ok).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { email: input.email }, include: { memberships: { include: { org: true } } } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.memberships).toHaveLength(1);
    expect(user.memberships[0]!.role).toBe("owner");
    expect(user.memberships[0]!.org.name).toBe("Analytical Engines");
  });

  test.each([
    { name: "weak password", change: { password: "short" }, field: "password", message: /at least 10 characters/ },
    { name: "malformed email", change: { email: "not-an-email" }, field: "email", message: /valid email/ },
    { name: "missing name", change: { name: "  " }, field: "name", message: /Enter your name/ },
    { name: "missing organization", change: { organization: "" }, field: "organization", message: /organization/i },
  ])("$name: a message at the field and nothing created", async ({ change, field, message }) => {
    const before = await counts();
    const result = await signUpAction({ ...valid(), ...change });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields[field]).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  test("a duplicate email (any case) is refused at the email field and nothing is created", async () => {
    const first = valid();
    expect((await signUpAction(first)).ok).toBe(true);
    const before = await counts();
    const result = await signUpAction({ ...valid(), email: first.email.toUpperCase() });
    expect(result).toEqual({ ok: false, fields: { email: expect.stringMatching(/already exists/) } });
    expect(await counts()).toEqual(before);
  });
});
