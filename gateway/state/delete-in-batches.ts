// Periodic sweeps delete a bounded batch per statement (no long lock, no huge transaction) and
// repeat while a batch comes back full.

/** Runs `deleteBatch` (it deletes at most `batch` rows and returns how many) until a batch is short; returns the total. */
export async function deleteInBatches(deleteBatch: () => Promise<number>, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch();
    total += deleted;
    if (deleted < batch) return total;
  }
}
