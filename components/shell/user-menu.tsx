"use client";

import { signOut } from "next-auth/react";

export function UserMenu({ name, email }: { name: string; email: string }) {
  return (
    <div className="user-menu">
      <span className="avatar" aria-hidden>{name.slice(0, 1).toUpperCase()}</span>
      <span className="user-name" title={email}>{name}</span>
      <button type="button" className="button small" onClick={() => signOut({ callbackUrl: "/sign-in" })}>
        Sign out
      </button>
    </div>
  );
}
