// Signing up in the browser as a person would: the form's labels and button, nothing else.
import type { Page } from "playwright-core";
import { db } from "@/lib/db";
import { uniqueEmail } from "./factories";

export type Person = { name: string; email: string; password: string; organization: string };

export function newPerson(organization: string, name = "Ada Lovelace"): Person {
  const first = name.split(" ")[0]!.toLowerCase();
  return { name, email: uniqueEmail(first), password: `${first}-password-1`, organization };
}

/** Fills and submits the sign-up form; does not wait for the outcome (tests of errors need that). */
export async function fillSignUp(page: Page, appUrl: string, person: Person): Promise<void> {
  await page.goto(`${appUrl}/sign-up`);
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByLabel("Organization").fill(person.organization);
  await page.getByRole("button", { name: "Create account" }).click();
}

/**
 * Signs up and waits for the organization's dashboard; returns the organization's slug. The
 * address counts as verified (journeys about verification use fillSignUp and the mailed link).
 */
export async function signUpInBrowser(page: Page, appUrl: string, person: Person): Promise<string> {
  await fillSignUp(page, appUrl, person);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-up"), { timeout: 15_000 });
  await db.user.update({ where: { email: person.email }, data: { emailVerifiedAt: new Date() } });
  return new URL(page.url()).pathname.split("/")[1]!;
}
