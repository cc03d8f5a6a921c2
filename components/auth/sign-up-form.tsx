"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { signUpAction } from "@/app/(auth)/sign-up/actions";
import { Field } from "@/components/ui/field";
import { fieldErrors, signUpBodySchema } from "@/lib/schemas/account";

/** `next`: a checked same-site path to open after signing up, instead of the new dashboard. */
export function SignUpForm({ next = null }: { next?: string | null }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    // Same schema as the server: instant feedback; the server checks again.
    const parsed = signUpBodySchema.safeParse(input);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setBusy(true);
    setErrors({});
    try {
      const result = await signUpAction(input);
      if (!result.ok) return setErrors(result.fields);
      const signedIn = await signIn("credentials", { email: parsed.data.email, password: input.password, redirect: false });
      if (signedIn?.error) return setErrors({ form: signedIn.error });
      router.push(next ?? `/${result.orgSlug}`);
      router.refresh();
    } catch {
      setErrors({ form: "Something went wrong. Please try again." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={onSubmit} noValidate>
      <h1>Create your account</h1>
      <p className="muted">Put policy between your AI agents and their MCP servers.</p>
      <Field label="Name" name="name" autoComplete="name" error={errors.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" error={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" error={errors.password} hint="At least 10 characters" />
      <Field label="Organization" name="organization" autoComplete="organization" error={errors.organization} hint="Your team or company; you can invite others later" />
      {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? "Creating…" : "Create account"}
      </button>
      <p className="muted small">
        Already have an account? <Link href={next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in"}>Sign in</Link>
      </p>
    </form>
  );
}
