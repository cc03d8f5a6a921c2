// Rate-limit counters: take every charge of a call, or none. A refusal is data (which counter,
// how full); an unreachable store throws, and the caller fails closed.
import type { Charge } from "@/lib/policy";

export type TakeResult = { admitted: true } | { admitted: false; refusedBy: Charge; used: number };

export interface CounterStore {
  take(charges: readonly Charge[]): Promise<TakeResult>;
}

/** Charges with the same counter key and window are one count: keep the strictest max. */
export function mergeCharges(charges: readonly Charge[]): Charge[] {
  const byKey = new Map<string, Charge>();
  for (const charge of charges) {
    const key = `${charge.counterKey}|${charge.windowStart}`;
    const seen = byKey.get(key);
    if (!seen || charge.max < seen.max) byKey.set(key, charge);
  }
  return [...byKey.values()];
}
