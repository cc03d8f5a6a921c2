import { decideHandler } from "../../decide";

// POST /api/v1/approvals/{id}/deny { note? }
export const POST = decideHandler("denied");
