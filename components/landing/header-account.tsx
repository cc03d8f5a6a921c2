"use client";

import Link from "next/link";
import { getSession } from "next-auth/react";
import { useEffect, useState } from "react";

/**
 * The public header's way in. The catalog pages are prerendered, the same for everyone, so the
 * session is read here in the browser once the page is up: a signed-in person then sees a link to
 * their dashboard (the front door sends them on to it) instead of "Sign in" and "Create account".
 */
export function HeaderAccount() {
  const [signedIn, setSignedIn] = useState(false);
  useEffect(() => {
    let mounted = true;
    void getSession().then((session) => {
      if (mounted) setSignedIn(Boolean(session?.user));
    });
    return () => {
      mounted = false;
    };
  }, []);

  if (signedIn) return <Link href="/" className="button small primary-outline">Your dashboard</Link>;
  return (
    <>
      <Link href="/sign-in">Sign in</Link>
      <Link href="/sign-up" className="button small primary-outline">Create account</Link>
    </>
  );
}
