import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="centered">
      <div className="auth-box">
        <p className="brand">
          <span className="brand-mark" aria-hidden>◆</span> Warden
        </p>
        {children}
      </div>
    </main>
  );
}
