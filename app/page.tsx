import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { listMemberships } from "@/lib/data/accounts";

// The front door: the first organization's dashboard when signed in, otherwise sign-in.
export default async function Home() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  const [first] = await listMemberships(user.id);
  redirect(first ? `/${first.slug}` : "/sign-up");
}
