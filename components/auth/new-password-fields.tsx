// The "new password, twice" pair that resetting and changing a password share; the schemas
// (lib/schemas/account-lifecycle.ts) check the length and that both match.
import { Field } from "@/components/ui/field";

export function NewPasswordFields({ errors }: { errors: Record<string, string> }) {
  return (
    <>
      <Field label="New password" name="password" type="password" autoComplete="new-password" error={errors.password} hint="At least 10 characters" />
      <Field label="Repeat the new password" name="confirm" type="password" autoComplete="new-password" error={errors.confirm} />
    </>
  );
}
