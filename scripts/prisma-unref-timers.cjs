// Preloaded into the Prisma CLI process only (never the app): the wasm schema engine leaves a
// 10 s timer running after `migrate` finishes, which kept every command alive ~12 s.
// Long timers must not hold the process open; short ones (real work) are left alone.
const original = global.setTimeout;
global.setTimeout = function patchedSetTimeout(fn, ms, ...rest) {
  const timer = original(fn, ms, ...rest);
  if (typeof ms === "number" && ms >= 10_000 && timer && typeof timer.unref === "function") timer.unref();
  return timer;
};
