// Sign-up and sign-in shapes: the same schemas validate the browser form and the server action.
import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address, like ada@example.com" }));

export const passwordSchema = z
  .string()
  .min(10, { message: "Use at least 10 characters" })
  .max(200, { message: "Use at most 200 characters" });

export const organizationNameSchema = z
  .string()
  .trim()
  .min(2, { message: "Name your organization (at least 2 characters)" })
  .max(100, { message: "Use at most 100 characters" });

export const signUpBodySchema = z.object({
  name: z.string().trim().min(1, { message: "Enter your name" }).max(100, { message: "Use at most 100 characters" }),
  email: emailSchema,
  password: passwordSchema,
  organization: organizationNameSchema,
});

export const newOrganizationBodySchema = z.object({ organization: organizationNameSchema });
export type SignUpBody = z.infer<typeof signUpBodySchema>;

export const signInBodySchema = z.object({
  email: emailSchema,
  password: z.string().min(1, { message: "Enter your password" }),
});
export type SignInBody = z.infer<typeof signInBodySchema>;

/** zod issues → { field: first message }, for showing errors at the field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    fields[key] ??= issue.message;
  }
  return fields;
}
