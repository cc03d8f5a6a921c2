import type { ReactNode } from "react";
import { SiteFooter, SiteHeader } from "@/components/landing/site-header";
import "@/app/public.css";

export default function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <div className="public">
      <SiteHeader />
      <main className="public-main">{children}</main>
      <SiteFooter />
    </div>
  );
}
