import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { dashboardPath } from "@/lib/auth/signed-in-redirect";
import { catalogServers } from "@/lib/catalog/servers";
import { LandingPage } from "@/components/landing/landing-page";

export const metadata: Metadata = {
  title: { absolute: "Warden · Policy between AI agents and MCP servers" },
  description:
    "Warden checks every call an AI agent makes to an MCP server against your policy: allow, rate-limit, hold for approval or refuse, with an audit log. Register a server, add a policy, point your client.",
};

// The front door: signed-in people go to their dashboard; everyone else sees what Warden does.
export default async function Home() {
  const user = await getSessionUser();
  if (user) redirect(await dashboardPath(user.id));
  return <LandingPage servers={catalogServers()} />;
}
