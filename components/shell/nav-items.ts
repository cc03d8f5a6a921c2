// The dashboard's sections, in the order a person sets Warden up.
export const navItems = [
  { segment: "servers", label: "Servers" },
  { segment: "policies", label: "Policies" },
  { segment: "grants", label: "Grants" },
  { segment: "inventory", label: "Inventory" },
  { segment: "approvals", label: "Approvals" },
  { segment: "audit", label: "Audit" },
  { segment: "members", label: "Members" },
  { segment: "settings", label: "Settings" },
] as const;
