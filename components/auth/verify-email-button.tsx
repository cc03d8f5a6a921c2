"use client";

import Link from "next/link";
import { useState } from "react";
import { verifyEmailAction } from "@/app/(auth)/verify-email/[token]/actions";

export function VerifyEmailButton({ token }: { token: string }) {
  const [outcome, setOutcome] = useState<"idle" | "busy" | "verified" | "failed">("idle");

  async function verify() {
    setOutcome("busy");
    setOutcome((await verifyEmailAction(token)).ok ? "verified" : "failed");
  }

  return (
    <div className="card">
      <h1>Verify your email address</h1>
      {outcome === "verified" ? (
        <p role="status">Your email address is verified. You can now invite people and create API keys. <Link href="/">Continue</Link></p>
      ) : outcome === "failed" ? (
        <p role="alert">This link is unknown, already used or expired. Your profile page can send a new one.</p>
      ) : (
        <button type="button" className="button primary" disabled={outcome === "busy"} onClick={verify}>
          Verify my email address
        </button>
      )}
    </div>
  );
}
