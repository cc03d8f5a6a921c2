// Counters in Postgres, exact across any number of gateway workers. Every check is one atomic
// statement: for a lone call with one counter, a conditional upsert (INSERT … ON CONFLICT DO
// UPDATE … WHERE count < max RETURNING); with several counters, warden_take_counters; and calls
// that arrive together (same event-loop turn) go as one warden_take_counter_batch, which decides
// them one after another under the same row locks. See the migrations for the SQL.
//
// One statement at a time: calls that arrive while it runs wait and go together in the next one.
// Under load the batches grow instead of the statements (a statement costs the worker far more
// than a row in it), so a counter call costs a fraction of a statement. A statement that takes
// longer than `slowStatementMs` (a row another worker holds locked, a hot counter) gives up its
// turn, so it never holds back the other grants' calls: at most `maxStatements` run at once.
import type { Charge } from "@/lib/policy";
import type { Database } from "@/gateway/state/database";
import { mergeCharges, type CounterStore, type TakeResult } from "@/gateway/counters/counter-store";

// A window's row is kept a while after it closes, so a slow clock on one worker cannot recreate it at 0.
const graceMs = 60_000;
const maxKnownFull = 10_000;

const takeOneSql = {
  name: "warden_take_counter",
  text: `INSERT INTO counters (key, "windowStart", count, "expiresAt") SELECT $1, $2::timestamp(3), 1, $4::timestamp(3) WHERE $3::int > 0
         ON CONFLICT (key, "windowStart") DO UPDATE SET count = counters.count + 1 WHERE counters.count < $3::int
         RETURNING count`,
};

const takeManySql = {
  name: "warden_take_counters",
  text: "SELECT admitted, ordinal, used FROM warden_take_counters($1::text[], $2::timestamp(3)[], $3::int[], $4::timestamp(3)[])",
};

const takeBatchSql = {
  name: "warden_take_counter_batch",
  text: "SELECT call, admitted, ordinal, full_counter FROM warden_take_counter_batch($1::int[], $2::text[], $3::timestamp(3)[], $4::int[], $5::timestamp(3)[])",
};

type Row = { admitted: boolean; ordinal: number; used: number };
type BatchRow = { call: number; admitted: boolean; ordinal: number; full_counter: boolean };
type Waiting = { charges: Charge[]; resolve: (result: TakeResult) => void; reject: (error: unknown) => void };

const maxBatch = 64;
/** A statement running longer than this lets the next batch go. */
const slowStatementMs = 20;
/** Statements at once, slow ones included (the pool is shared with the audit writer). */
const maxStatements = 8;

const keyOf = (charge: Charge) => `${charge.counterKey}|${charge.windowStart}`;
const expiry = (charge: Charge) => new Date(Date.parse(charge.resetAt) + graceMs).toISOString();

export class PostgresCounterStore implements CounterStore {
  /**
   * Windows known to be full, until they reset, with the max they were full at. A count never
   * falls within its window, so refusing these without asking the database changes no answer
   * for a max no higher than that one; it spares the database a query per call from an agent
   * that keeps retrying too early. A raised max asks the database again.
   */
  private readonly knownFull = new Map<string, { untilMs: number; max: number }>();
  private queue: Waiting[] = [];
  private scheduled = false;
  /** A statement is running and not yet slow: the next batch gathers behind it. */
  private turnHeld = false;
  private running = 0;

  constructor(
    private readonly db: Database,
    private readonly observe: (seconds: number) => void = () => {},
  ) {}

  async take(input: readonly Charge[]): Promise<TakeResult> {
    const charges = mergeCharges(input);
    if (charges.length === 0) return { admitted: true };
    const full = this.fullAlready(charges);
    if (full) return { admitted: false, refusedBy: full.charge, used: full.used };
    const result = await new Promise<TakeResult>((resolve, reject) => {
      this.queue.push({ charges, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
    if (!result.admitted) this.rememberFull(result.refusedBy);
    return result;
  }

  /** Sends what waits, up to maxBatch calls a statement, when no statement holds the turn. */
  private flush(): void {
    while (this.queue.length > 0 && !this.turnHeld && this.running < maxStatements) {
      const batch = this.queue.length <= maxBatch ? this.queue : this.queue.slice(0, maxBatch);
      this.queue = batch === this.queue ? [] : this.queue.slice(maxBatch);
      this.send(batch);
    }
  }

  private send(batch: Waiting[]): void {
    this.running += 1;
    this.turnHeld = true;
    let holding = true;
    const giveUpTurn = () => {
      if (!holding) return;
      holding = false;
      this.turnHeld = false;
    };
    const slow = setTimeout(() => {
      giveUpTurn();
      this.flush();
    }, slowStatementMs);
    const started = performance.now();
    const only = batch.length === 1 ? batch[0]! : undefined;
    const statement: Promise<TakeResult[]> = only
      ? (only.charges.length === 1 ? this.takeOne(only.charges[0]!) : this.takeMany(only.charges)).then((r) => [r])
      : this.takeBatch(batch.map((w) => w.charges));
    statement
      .then(
        (results) => {
          this.observe((performance.now() - started) / 1000);
          batch.forEach((waiting, i) => waiting.resolve(results[i]!));
        },
        (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
      )
      .finally(() => {
        clearTimeout(slow);
        giveUpTurn();
        this.running -= 1;
        this.flush();
      });
  }

  private fullAlready(charges: Charge[]): { charge: Charge; used: number } | undefined {
    if (this.knownFull.size === 0) return undefined;
    const now = Date.now();
    for (const charge of charges) {
      const known = this.knownFull.get(keyOf(charge));
      if (known !== undefined && known.untilMs > now && charge.max <= known.max) return { charge, used: known.max };
    }
    return undefined;
  }

  private rememberFull(charge: Charge): void {
    if (this.knownFull.size >= maxKnownFull) {
      const now = Date.now();
      for (const [key, known] of this.knownFull) if (known.untilMs <= now) this.knownFull.delete(key);
      if (this.knownFull.size >= maxKnownFull) this.knownFull.clear();
    }
    this.knownFull.set(keyOf(charge), { untilMs: Date.parse(charge.resetAt), max: charge.max });
  }

  private async takeOne(charge: Charge): Promise<TakeResult> {
    const { rows } = await this.db.query<{ count: number }>({ ...takeOneSql, values: [charge.counterKey, charge.windowStart, charge.max, expiry(charge)] });
    return rows.length === 1 ? { admitted: true } : { admitted: false, refusedBy: charge, used: charge.max };
  }

  private async takeMany(charges: Charge[]): Promise<TakeResult> {
    const { rows } = await this.db.query<Row>({
      ...takeManySql,
      values: [charges.map((c) => c.counterKey), charges.map((c) => c.windowStart), charges.map((c) => c.max), charges.map(expiry)],
    });
    if (rows[0]?.admitted) return { admitted: true };
    // When several counters are full, a retry works only once the last of them resets.
    let refusing: { refusedBy: Charge; used: number } | undefined;
    for (const row of rows) {
      const charge = charges[row.ordinal - 1];
      if (charge && row.used >= charge.max && (!refusing || charge.resetAt > refusing.refusedBy.resetAt)) refusing = { refusedBy: charge, used: row.used };
    }
    return { admitted: false, ...(refusing ?? { refusedBy: charges[0]!, used: charges[0]!.max }) };
  }

  private async takeBatch(calls: Charge[][]): Promise<TakeResult[]> {
    const flat = calls.flatMap((charges, i) => charges.map((charge) => ({ call: i + 1, charge })));
    const { rows } = await this.db.query<BatchRow>({
      ...takeBatchSql,
      values: [flat.map((f) => f.call), flat.map((f) => f.charge.counterKey), flat.map((f) => f.charge.windowStart), flat.map((f) => f.charge.max), flat.map((f) => expiry(f.charge))],
    });
    const byCall = calls.map((): BatchRow[] => []);
    for (const row of rows) byCall[row.call - 1]?.push(row);
    return calls.map((charges, i) => {
      const mine = byCall[i]!;
      if (mine[0]?.admitted) return { admitted: true };
      // When several counters are full, a retry works only once the last of them resets.
      const full = mine.filter((row) => row.full_counter).map((row) => flat[row.ordinal - 1]!.charge);
      const refusedBy = full.sort((a, b) => (a.resetAt < b.resetAt ? 1 : -1))[0] ?? charges[0]!;
      return { admitted: false, refusedBy, used: refusedBy.max };
    });
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
