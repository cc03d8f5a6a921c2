import { z } from "zod";
import { withOrg } from "@/lib/auth/with-org";
import { auditEventBatches } from "@/lib/data/audit-log";
import { auditCsvHeader, auditCsvRow } from "@/lib/data/audit-export";
import { auditFiltersSchema, parseQuery } from "@/lib/schemas/audit";

const exportQuerySchema = auditFiltersSchema.extend({ format: z.enum(["csv", "json"]).default("csv") });

/**
 * GET /api/v1/audit/export?format=csv|json&<the list's filters>: every matching row, streamed in
 * keyset batches so memory stays flat whether there are 10 rows or 1,000,000.
 */
export const GET = withOrg(async (request, ctx) => {
  const { format, ...filters } = parseQuery(request.url, exportQuerySchema);
  const encoder = new TextEncoder();
  const batches = auditEventBatches(ctx.orgId, filters);
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(format === "csv" ? auditCsvHeader() : "["));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) {
        if (format === "json") controller.enqueue(encoder.encode(first ? "]\n" : "\n]\n"));
        controller.close();
        return;
      }
      const text =
        format === "csv"
          ? next.value.map(auditCsvRow).join("")
          : next.value.map((row) => (first ? ((first = false), "\n") : ",\n") + JSON.stringify(row)).join("");
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(stream, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="warden-audit-${stamp}.${format}"`,
      "cache-control": "no-store",
    },
  });
}, { role: "viewer" });
