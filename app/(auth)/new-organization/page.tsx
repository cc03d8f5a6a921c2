import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { NewOrganizationForm } from "@/components/auth/new-organization-form";

export const metadata: Metadata = { title: "New organization" };

export default async function NewOrganizationPage() {
  await requireUser();
  return <NewOrganizationForm />;
}
