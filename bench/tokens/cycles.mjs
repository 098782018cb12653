// Shared by the bench/tokens scripts: CPU time per call, measured in interleaved cycles of small
// batches so that a burst of load from other processes on a shared machine hits every case alike.

/** The middle value of `xs` (the upper one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * CPU µs per call of one batch of `n` sequential calls: process CPU time (user + system, all
 * threads, so GC counts), not wall time, so that being descheduled on a busy machine does not count
 * (ARCHITECTURE.md: measure server CPU per request). `before` runs first, untimed.
 */
export async function cpuPerCall(fn, n, before) {
  before?.();
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}

/**
 * Runs the named `cases` in cycles, each once per cycle in a batch of `batch` calls, for at least
 * `durationMs` and 10 cycles; appends each batch's CPU µs per call to `samples[name]` and hands every
 * cycle's figures to `onCycle` (for paired, per-cycle comparisons that do not depend on how busy the
 * machine was). Returns the number of cycles.
 */
export async function interleave(cases, names, samples, { batch, durationMs, onCycle, before }) {
  const deadline = performance.now() + durationMs;
  let cycles = 0;
  while (performance.now() < deadline || cycles < 10) {
    const cycle = {};
    for (const name of names) {
      cycle[name] = await cpuPerCall(cases[name], batch, before);
      samples[name].push(cycle[name]);
    }
    onCycle?.(cycle);
    cycles++;
  }
  return cycles;
}
