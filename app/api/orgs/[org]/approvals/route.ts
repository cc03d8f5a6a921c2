// The approvals list for the signed-in app (session + org slug): the inbox and the nav badge poll it.
export { GET } from "@/app/api/v1/approvals/route";
