import { decideHandler } from "../../decide";

// POST /api/v1/approvals/{id}/approve { note? }
export const POST = decideHandler("approved");
