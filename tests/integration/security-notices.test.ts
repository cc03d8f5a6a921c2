// Security notice mails through the real local catcher: "a new sign-in" (the first sign-in from a
// device — client address + user agent — not seen in 30 days, except an account's very first) and
// "your password was changed". Plain text and HTML parts; nothing secret in the subject.
import { describe, expect, test } from "vitest";
import { authorizeSignIn } from "@/lib/auth/authorize";
import { changePassword } from "@/lib/data/account-recovery";
import type { CaughtMail } from "@/lib/mail/inbox";
import { makeAccount } from "../helpers/factories";
import { useMailCatcher } from "../helpers/mail";

const { catcher } = useMailCatcher();
const laptop = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0";
const phone = "Mozilla/5.0 (iPhone) Safari/605.1 <script>x</script>";
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

function expectNotice(mail: CaughtMail, secrets: string[]) {
  expect(mail.text).toContain("If this was not you, reset your password now.");
  expect(mail.html).toMatch(/^<!doctype html>/);
  expect(mail.html).toContain("/forgot-password");
  for (const secret of secrets) {
    expect(mail.subject).not.toContain(secret);
    expect(mail.text).not.toContain(secret);
  }
}

describe("new sign-in notice", () => {
  test("mails on the first sign-in from a new device only; not on the account's first sign-in", async () => {
    const person = await makeAccount("notice-signin");
    const signIn = (ip: string, userAgent: string) => authorizeSignIn({ email: person.email, password: person.password }, ip, userAgent);
    await signIn("198.51.100.10", laptop); // the account's first device: no news
    await signIn("198.51.100.10", laptop);
    await signIn("203.0.113.20", phone); // new address and browser
    const mail = await catcher().waitFor(person.email, (m) => m.subject === "New sign-in to your Warden account");
    expectNotice(mail, [person.password]);
    expect(mail.text).toContain("From the address: 203.0.113.20.");
    expect(mail.text).toContain("Browser or app: Mozilla/5.0 (iPhone)");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");

    await signIn("203.0.113.20", phone); // known now
    await settle();
    expect(catcher().messages().filter((m) => m.to.includes(person.email) && m.subject.startsWith("New sign-in"))).toHaveLength(1);
  });

  test("the same address with another browser is a new device too", async () => {
    const person = await makeAccount("notice-ua");
    await authorizeSignIn({ email: person.email, password: person.password }, "198.51.100.30", laptop);
    await authorizeSignIn({ email: person.email, password: person.password }, "198.51.100.30", phone);
    await catcher().waitFor(person.email, (m) => m.subject === "New sign-in to your Warden account");
  });

  test("a wrong password sends nothing", async () => {
    const person = await makeAccount("notice-wrong");
    await authorizeSignIn({ email: person.email, password: person.password }, "198.51.100.40", laptop);
    await expect(authorizeSignIn({ email: person.email, password: "wrong-guess" }, "192.0.2.41", phone)).rejects.toThrow();
    await settle();
    expect(catcher().messages().filter((m) => m.to.includes(person.email))).toHaveLength(0);
  });
});

describe("password changed notice", () => {
  test("plain text and HTML, the new password nowhere in it", async () => {
    const person = await makeAccount("notice-change");
    const fresh = "a-brand-new-password-77";
    await changePassword(person.userId, person.password, fresh);
    const mail = await catcher().waitFor(person.email, (m) => m.subject === "Your Warden password was changed");
    expectNotice(mail, [person.password, fresh]);
    expect(mail.html).not.toContain(fresh);
    expect(mail.text).toContain("your other sessions were signed out");
  });
});
