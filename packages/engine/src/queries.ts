import type { CompiledPolicy } from "./compile";
import { evaluate } from "./evaluate";
import type { CounterQuery, EvaluationInput } from "./types";

/**
 * The counters `evaluate` may read for this input, so an asynchronous store (PostgreSQL) can
 * fetch them in one round trip and hand `evaluate` a synchronous reader. Runs the same matching
 * as `evaluate` with every counter at zero; the real evaluation reads a subset of these.
 */
export function counterQueries(
  compiled: CompiledPolicy,
  input: EvaluationInput,
  options: { now: Date },
): CounterQuery[] {
  const seen = new Map<string, CounterQuery>();
  evaluate(compiled, input, {
    now: options.now,
    counters: {
      usage(q) {
        if (!seen.has(q.key)) seen.set(q.key, { key: q.key, window_seconds: q.window_seconds });
        return 0;
      },
    },
  });
  return [...seen.values()];
}
