import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/with-org";
import { hasRole } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { safeNextPath } from "@/lib/auth/next-path";
import { PageHeader } from "@/components/ui/page-header";
import { RegisterServerForm } from "@/components/servers/register-server-form";
import "@/app/builder.css";

export const metadata: Metadata = { title: "Register a server" };

type Props = { params: Promise<{ org: string }>; searchParams: Promise<{ next?: string }> };

export default async function NewServerPage({ params, searchParams }: Props) {
  const ctx = await requireOrgPage((await params).org);
  if (!hasRole(ctx.role, "admin")) {
    return <PageHeader title="Register a server" description="Only admins and owners register servers and manage their secrets. Ask one of them." />;
  }
  return (
    <>
      <PageHeader title="Register a server" description="Warden connects, lists the server's tools and classifies each one before anything is saved." />
      <RegisterServerForm slug={ctx.slug} stdioAllowed={env().WARDEN_ALLOW_STDIO} demoUrl={env().WARDEN_DEMO_SERVER_URL ?? null} next={safeNextPath((await searchParams).next)} />
    </>
  );
}
