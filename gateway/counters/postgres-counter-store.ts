// Counters in Postgres, exact across any number of gateway workers: one statement per call
// (warden_take_counters, see its migration) that locks the call's counter rows, admits only if
// every one is below its max, and increments all of them or none.
import type { Charge } from "@/lib/policy";
import type { Database } from "@/gateway/state/database";
import { mergeCharges, type CounterStore, type TakeResult } from "@/gateway/counters/counter-store";

// A window's row is kept a while after it closes, so a slow clock on one worker cannot recreate it at 0.
const graceMs = 60_000;

const takeSql = {
  name: "warden_take_counters",
  text: "SELECT admitted, ordinal, used FROM warden_take_counters($1::text[], $2::timestamp(3)[], $3::int[], $4::timestamp(3)[])",
};

type Row = { admitted: boolean; ordinal: number; used: number };

export class PostgresCounterStore implements CounterStore {
  constructor(
    private readonly db: Database,
    private readonly observe: (seconds: number) => void = () => {},
  ) {}

  async take(input: readonly Charge[]): Promise<TakeResult> {
    const charges = mergeCharges(input);
    if (charges.length === 0) return { admitted: true };
    const started = performance.now();
    const expires = charges.map((c) => new Date(Date.parse(c.resetAt) + graceMs).toISOString());
    const result = await this.db.query<Row>({
      ...takeSql,
      values: [charges.map((c) => c.counterKey), charges.map((c) => c.windowStart), charges.map((c) => c.max), expires],
    });
    this.observe((performance.now() - started) / 1000);
    if (result.rows[0]?.admitted) return { admitted: true };
    // When several counters are full, a retry works only once the last of them resets.
    let refusing: { refusedBy: Charge; used: number } | undefined;
    for (const row of result.rows) {
      const charge = charges[row.ordinal - 1];
      if (charge && row.used >= charge.max && (!refusing || charge.resetAt > refusing.refusedBy.resetAt)) refusing = { refusedBy: charge, used: row.used };
    }
    return { admitted: false, ...(refusing ?? { refusedBy: charges[0]!, used: charges[0]!.max }) };
  }

  /** Deletes windows that closed more than a minute ago, a batch at a time. */
  async cleanup(batch = 5_000): Promise<number> {
    const result = await this.db.query(
      `DELETE FROM counters WHERE ctid IN (SELECT ctid FROM counters WHERE "expiresAt" < (now() AT TIME ZONE 'UTC') LIMIT $1)`,
      [batch],
    );
    return result.rowCount ?? 0;
  }
}
