import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ConsentForm } from "@/components/oauth/consent-form";
import { getSessionUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { loadConsent } from "@/lib/oauth/consent";
import type { ConsentView } from "@/lib/schemas/oauth";
import { approveConsentAction, denyConsentAction } from "./actions";

export const metadata: Metadata = { title: "Connect an MCP client" };

type Props = { params: Promise<{ uid: string }> };

export default async function ConsentPage({ params }: Props) {
  const { uid } = await params;
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/oauth/consent/${uid}`)}`);
  let view: ConsentView;
  try {
    view = await loadConsent(uid, user.id);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <div className="card">
        <h1>Cannot connect this client</h1>
        <p role="alert">{error.message}</p>
      </div>
    );
  }
  return <ConsentForm view={view} approve={approveConsentAction} deny={denyConsentAction} />;
}
