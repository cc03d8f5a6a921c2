import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { catalogServers } from "@/lib/catalog/servers";
import { listMemberships } from "@/lib/data/accounts";
import { LandingPage } from "@/components/landing/landing-page";

export const metadata: Metadata = {
  title: { absolute: "Warden · Policy between AI agents and MCP servers" },
  description:
    "Warden checks every call an AI agent makes to an MCP server against your policy: allow, rate-limit, hold for approval or refuse, with an audit log. Register a server, add a policy, point your client.",
};

// The front door: signed-in people go to their first organization's dashboard; everyone else
// sees what Warden does.
export default async function Home() {
  const user = await getSessionUser();
  if (user) {
    const [first] = await listMemberships(user.id);
    redirect(first ? `/${first.slug}` : "/sign-up");
  }
  return <LandingPage servers={catalogServers()} />;
}
