import Link from "next/link";

/** The header of the public pages: the product, its catalog, and the way in. */
export function SiteHeader() {
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        <span className="brand-mark" aria-hidden>◆</span> Warden
      </Link>
      <nav aria-label="Site" className="site-nav">
        <Link href="/catalog">Tool catalog</Link>
        <Link href="/sign-in">Sign in</Link>
        <Link href="/sign-up" className="button small primary-outline">Create account</Link>
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
