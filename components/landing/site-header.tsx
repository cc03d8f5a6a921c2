import Link from "next/link";
import { HeaderAccount } from "@/components/landing/header-account";

/** The header of the public pages: the product, its catalog, and the way in (or back to the dashboard). */
export function SiteHeader() {
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        <span className="brand-mark" aria-hidden>◆</span> Warden
      </Link>
      <nav aria-label="Site" className="site-nav">
        <Link href="/catalog">Tool catalog</Link>
        <HeaderAccount />
      </nav>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="site-footer muted small">
      <p>Warden: policy between AI agents and MCP servers. Every call checked, counted and audited.</p>
    </footer>
  );
}
