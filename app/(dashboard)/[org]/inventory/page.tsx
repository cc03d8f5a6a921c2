import type { Metadata } from "next";
import "@/app/control.css";
import { requireOrgPage } from "@/lib/auth/with-org";
import { getInventory } from "@/lib/data/inventory";
import { PageHeader } from "@/components/ui/page-header";
import { InventoryTable } from "@/components/inventory/inventory-table";

export const metadata: Metadata = { title: "Inventory" };

export default async function InventoryPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrgPage((await params).org);
  const inventory = await getInventory(ctx.orgId);
  return (
    <>
      <PageHeader title="Inventory" description="Every tool of every server, its risk, and the active grants whose policy lets them call it." />
      <InventoryTable slug={ctx.slug} tools={inventory.data} />
    </>
  );
}
