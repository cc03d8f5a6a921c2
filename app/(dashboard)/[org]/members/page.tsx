import type { Metadata } from "next";
import "@/app/control.css";
import { requireOrgPage } from "@/lib/auth/with-org";
import { hasRole, roles, type Role } from "@/lib/auth/roles";
import { listInvitations } from "@/lib/data/invitations";
import { canManage, listMembers } from "@/lib/data/members";
import { PageHeader } from "@/components/ui/page-header";
import { InviteForm } from "@/components/members/invite-form";
import { InvitationList } from "@/components/members/invitation-list";
import { MemberRowActions } from "@/components/members/member-row-actions";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrgPage((await params).org);
  const isAdmin = hasRole(ctx.role, "admin");
  const [members, invitations] = await Promise.all([listMembers(ctx.orgId), isAdmin ? listInvitations(ctx.orgId) : Promise.resolve([])]);
  // Admins hand out roles up to admin; only owners make owners.
  const assignable: Role[] = [...roles].reverse().filter((r) => ctx.role === "owner" || r !== "owner");
  return (
    <>
      <PageHeader
        title="Members"
        description="Owners and admins manage members; editors change policies, grants and decide approvals; viewers read."
      />
      <div className="stack">
        {isAdmin ? <InviteForm slug={ctx.slug} roles={assignable} /> : null}
        <table aria-label="Members">
          <thead>
            <tr><th>Name</th><th>Email</th><th>Joined</th><th>Role</th></tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>{m.name}{m.userId === ctx.user?.id ? <span className="muted small"> (you)</span> : null}</td>
                <td>{m.email}</td>
                <td><time dateTime={m.joinedAt}>{new Date(m.joinedAt).toLocaleDateString()}</time></td>
                <td>
                  <MemberRowActions
                    slug={ctx.slug} membershipId={m.id} name={m.name} role={m.role} isSelf={m.userId === ctx.user?.id}
                    canEdit={canManage(ctx.role, m.role)} assignable={assignable}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {isAdmin && invitations.length > 0 ? <h2 className="section-title">Open invitations</h2> : null}
        <InvitationList slug={ctx.slug} invitations={invitations} canRevoke={isAdmin} />
      </div>
    </>
  );
}
