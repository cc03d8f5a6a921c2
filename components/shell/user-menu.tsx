"use client";

import Link from "next/link";
import { signOut } from "next-auth/react";

export function UserMenu({ name, email, profileHref }: { name: string; email: string; profileHref: string }) {
  return (
    <div className="user-menu">
      <span className="avatar" aria-hidden>{name.slice(0, 1).toUpperCase()}</span>
      <Link className="user-name" title={email} href={profileHref}>{name}</Link>
      <button type="button" className="button small" onClick={() => signOut({ callbackUrl: "/sign-in" })}>
        Sign out
      </button>
    </div>
  );
}
