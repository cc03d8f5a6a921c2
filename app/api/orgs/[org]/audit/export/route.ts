// The audit export for the signed-in app (session + org slug); same stream as the REST API's.
export { GET } from "@/app/api/v1/audit/export/route";
