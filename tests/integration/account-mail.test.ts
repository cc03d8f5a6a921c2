// Mail flows through the real local catcher: verification gates invites and API keys, password
// reset and change end sessions, invitations arrive by mail; every link works once and expires.
import { describe, expect, test, vi } from "vitest";
import { db } from "@/lib/db";
import { sha256Hex } from "@/lib/crypto";
import { signUpAction } from "@/app/(auth)/sign-up/actions";
import { forgotPasswordAction } from "@/app/(auth)/forgot-password/actions";
import { resetPasswordAction } from "@/app/(auth)/reset-password/[token]/actions";
import { verifyEmailAction } from "@/app/(auth)/verify-email/[token]/actions";
import { inviteAction } from "@/app/(dashboard)/[org]/members/actions";
import { createApiKeyAction } from "@/app/(dashboard)/[org]/settings/actions";
import { changePasswordAction, resendVerificationAction, setMailPreferencesAction } from "@/app/(dashboard)/[org]/profile/actions";
import { authOptions } from "@/lib/auth/options";
import { consumeAccountToken, issueAccountToken } from "@/lib/data/account-tokens";
import { acceptInvitation } from "@/lib/data/invitations";
import type { CaughtMail } from "@/lib/mail/inbox";
import { makeAccount, uniqueEmail } from "../helpers/factories";
import { linkIn, tokenIn, useMailCatcher } from "../helpers/mail";
import { session } from "./servers-fake-session";

vi.mock("@/lib/auth/session", async () => ({
  ...(await vi.importActual<typeof import("@/lib/auth/session")>("@/lib/auth/session")),
  ...(await import("./servers-fake-session")),
}));

// Outside a Next request there is no cache to revalidate; everything else is the real action.
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { catcher } = useMailCatcher();
const actAs = (user: { userId: string; email: string }) => (session.user = { id: user.userId, email: user.email, name: "tester" });

function expectWellFormed(mail: CaughtMail, token: string) {
  expect(mail.text.length).toBeGreaterThan(20);
  expect(mail.html).toContain("<a href=");
  expect(mail.subject).not.toContain(token);
  expect(mail.subject).not.toMatch(/wdn_/);
}

/** Signs in through next-auth's own authorize and callbacks; returns the session's claims. */
async function signIn(email: string, password: string) {
  const provider = authOptions.providers[0] as unknown as { options: { authorize: (c: Record<string, string>) => Promise<{ id: string }> } };
  const user = await provider.options.authorize({ email, password });
  const token = await authOptions.callbacks!.jwt!({ token: {}, user } as never);
  const result = await authOptions.callbacks!.session!({ session: { user: {}, expires: "" }, token } as never);
  return (result as unknown as { user: { id: string; sessionVersion: number } }).user;
}

async function sessionUser(claims: { id: string; sessionVersion: number }) {
  const { userForClaims } = await vi.importActual<typeof import("@/lib/auth/session")>("@/lib/auth/session");
  return userForClaims(claims);
}

describe("email verification", () => {
  test("sign-up mails a link; until it is used, inviting and API keys are refused with the reason", async () => {
    const email = uniqueEmail("verify");
    const result = await signUpAction({ name: "Vera", email, password: "a-long-password", organization: "Verify Inc" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const mail = await catcher().waitFor(email, (m) => m.subject.includes("Verify"));
    const token = tokenIn(mail, "/verify-email/");
    expectWellFormed(mail, token);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerifiedAt).toBeNull();
    expect(await db.accountToken.count({ where: { tokenHash: sha256Hex(token), userId: user.id } })).toBe(1);
    expect(await db.accountToken.count({ where: { tokenHash: token } })).toBe(0);

    actAs({ userId: user.id, email });
    const invite = await inviteAction(result.orgSlug, { role: "editor", expiresInDays: 7 });
    const key = await createApiKeyAction(result.orgSlug, { name: "ci", role: "editor" });
    for (const refused of [invite, key]) {
      expect(refused).toMatchObject({ ok: false, error: { code: "forbidden", message: expect.stringMatching(/Verify your email address/) } });
    }

    expect(await verifyEmailAction(token)).toEqual({ ok: true });
    expect(await verifyEmailAction(token)).toEqual({ ok: false }); // single use
    expect((await inviteAction(result.orgSlug, { role: "editor", expiresInDays: 7 })).ok).toBe(true);
    expect((await createApiKeyAction(result.orgSlug, { name: "ci", role: "editor" })).ok).toBe(true);
  });

  test("a resent link replaces the earlier one; an expired link does not verify", async () => {
    const person = await makeAccount("resend", { verified: false });
    actAs(person);
    expect((await resendVerificationAction(undefined)).ok).toBe(true);
    const first = tokenIn(await catcher().waitFor(person.email), "/verify-email/");
    expect((await resendVerificationAction(undefined)).ok).toBe(true);
    await expect.poll(() => catcher().messages().filter((m) => m.to.includes(person.email)).length).toBe(2);
    expect(await verifyEmailAction(first)).toEqual({ ok: false });

    const expiring = await issueAccountToken(person.userId, "verify_email", 60_000);
    expect(await consumeAccountToken(expiring, "verify_email", new Date(Date.now() + 61_000))).toBeNull();
    expect(await consumeAccountToken(expiring, "reset_password")).toBeNull(); // not a reset token either
    expect(await verifyEmailAction(expiring)).toEqual({ ok: true });
  });
});

describe("password reset", () => {
  test("the same answer for a known and an unknown address; only the known one gets mail", async () => {
    const person = await makeAccount("reset-same");
    const unknown = uniqueEmail("nobody");
    const known = await forgotPasswordAction({ email: person.email });
    const missing = await forgotPasswordAction({ email: unknown });
    expect(known).toEqual({ ok: true });
    expect(missing).toEqual(known);
    const mail = await catcher().waitFor(person.email, (m) => m.subject.includes("Reset"));
    expectWellFormed(mail, tokenIn(mail, "/reset-password/"));
    // The unknown address's request ran just after the known one's: by now it would have arrived.
    expect(catcher().messages().some((m) => m.to.includes(unknown))).toBe(false);
  });

  test("the mailed link sets a new password once, ends every session and sends a notice", async () => {
    const person = await makeAccount("reset-flow");
    const laptop = await signIn(person.email, person.password);
    const phone = await signIn(person.email, person.password);
    expect(await sessionUser(laptop)).toMatchObject({ id: person.userId });

    await forgotPasswordAction({ email: person.email });
    const token = tokenIn(await catcher().waitFor(person.email, (m) => m.subject.includes("Reset")), "/reset-password/");
    const mismatch = await resetPasswordAction({ token, password: "new-password-123", confirm: "other-password-123" });
    expect(mismatch).toMatchObject({ ok: false, fields: { confirm: expect.any(String) } });
    expect(await resetPasswordAction({ token, password: "new-password-123", confirm: "new-password-123" })).toEqual({ ok: true, email: person.email });
    expect(await resetPasswordAction({ token, password: "third-password-123", confirm: "third-password-123" })).toMatchObject({
      ok: false, fields: { form: expect.stringMatching(/already used or expired/) },
    });

    expect(await sessionUser(laptop)).toBeNull();
    expect(await sessionUser(phone)).toBeNull();
    await expect(signIn(person.email, person.password)).rejects.toThrow();
    expect(await sessionUser(await signIn(person.email, "new-password-123"))).toMatchObject({ id: person.userId });
    await catcher().waitFor(person.email, (m) => m.subject === "Your Warden password was reset");
  });

  test("an expired reset link is refused", async () => {
    const person = await makeAccount("reset-expired");
    const token = await issueAccountToken(person.userId, "reset_password", 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await resetPasswordAction({ token, password: "new-password-123", confirm: "new-password-123" })).toMatchObject({ ok: false });
    expect(await sessionUser(await signIn(person.email, person.password))).not.toBeNull();
  });
});

describe("password change", () => {
  test("needs the current password; ends sessions and sends a notice", async () => {
    const person = await makeAccount("change");
    const before = await signIn(person.email, person.password);
    actAs(person);
    const wrong = await changePasswordAction({ current: "not-my-password", password: "changed-password-1", confirm: "changed-password-1" });
    expect(wrong).toMatchObject({ ok: false, error: { fields: { current: "The current password is wrong" } } });
    expect(await sessionUser(before)).not.toBeNull();

    expect((await changePasswordAction({ current: person.password, password: "changed-password-1", confirm: "changed-password-1" })).ok).toBe(true);
    expect(await sessionUser(before)).toBeNull();
    expect(await sessionUser(await signIn(person.email, "changed-password-1"))).not.toBeNull();
    await catcher().waitFor(person.email, (m) => m.subject === "Your Warden password was changed");
  });
});

describe("invitations by email", () => {
  test("the mailed link joins the organization once; another org's slug is 404", async () => {
    const owner = await makeAccount("mail-inviter");
    const stranger = await makeAccount("mail-stranger");
    const invitee = await makeAccount("mail-invitee");
    actAs(owner);
    const result = await inviteAction(owner.org.slug, { role: "viewer", expiresInDays: 3, email: invitee.email });
    expect(result).toMatchObject({ ok: true, data: { mailed: true } });
    const mail = await catcher().waitFor(invitee.email, (m) => m.subject.includes(owner.org.name));
    const token = tokenIn(mail, "/invite/");
    expectWellFormed(mail, token);
    expect(result.ok && result.data.link).toBe(linkIn(mail, "/invite/"));
    await acceptInvitation(token, invitee.userId);
    await expect(acceptInvitation(token, stranger.userId)).rejects.toThrow(/already used or expired/);

    actAs(stranger);
    expect(await inviteAction(owner.org.slug, { role: "viewer", expiresInDays: 3, email: stranger.email })).toMatchObject({ ok: false, error: { code: "not_found" } });
  });
});

describe("approval waiting mail", () => {
  // The mail itself is sent by gateway workers (tests/integration/gateway/approval-mail.test.ts).
  test("a new approval puts one mail per approver in the outbox, for this organization only, at most 20 in 10 minutes; opting out stops it", async () => {
    const { makeSetup } = await import("./gateway/fixtures");
    const setup = await makeSetup({ transport: "http", url: "http://127.0.0.1:9/mcp" });
    const owner = await db.user.findUniqueOrThrow({ where: { id: setup.userId } });
    const hold = () => db.approval.create({
      data: {
        orgId: setup.orgId, grantId: setup.grant.id, serverId: setup.server.id, toolName: "delete_run", arguments: {}, argumentsHash: "x",
        policyId: setup.policy.id, policyVersion: 1, ruleId: "r1", expiresAt: new Date(Date.now() + 600_000),
      },
    });
    const other = await makeAccount("other-org");
    const first = await hold();
    expect(await db.approvalMail.findMany({ where: { approvalId: first.id }, select: { userId: true, orgId: true } })).toEqual([{ userId: owner.id, orgId: setup.orgId }]);
    expect(await db.approvalMail.count({ where: { userId: other.userId } })).toBe(0);
    // At most 20 such mails per person and organization in 10 minutes: a flood of held calls does not flood the inbox.
    for (let i = 0; i < 24; i++) await hold();
    expect(await db.approvalMail.count({ where: { userId: owner.id, orgId: setup.orgId } })).toBe(20);

    actAs({ userId: owner.id, email: owner.email });
    expect((await setMailPreferencesAction({ approvalMails: false })).ok).toBe(true);
    const second = await hold();
    expect(await db.approvalMail.count({ where: { approvalId: second.id } })).toBe(0);
  });
});
