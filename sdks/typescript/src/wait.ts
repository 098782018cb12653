import { OpenLeashError } from "./errors";
import type { ApprovalView } from "./types";

/** Options of `waitForApproval`. */
export interface WaitForApprovalOptions {
  /** Give up after this long (default 15 minutes, the server's default approval lifetime). */
  timeoutMs?: number;
  /** Cancels the wait (and the poll in flight). */
  signal?: AbortSignal;
  /** Longest single long-poll asked of the server, in seconds (default 25; the server may cap it). */
  pollSeconds?: number;
}

const DEFAULT_TIMEOUT_MS = 15 * 60_000;
const DEFAULT_POLL_SECONDS = 25;
// A server that answers PENDING at once (long-poll disabled) must not turn this into a busy loop.
const MIN_POLL_INTERVAL_MS = 1000;

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Polls until the approval request leaves PENDING. `poll(waitSeconds, signal)` performs one signed
 * long-poll; each call is a new request (new nonce), as replaying one would be refused.
 */
export async function waitForApprovalLoop(
  poll: (waitSeconds: number, signal: AbortSignal | undefined) => Promise<ApprovalView>,
  options: WaitForApprovalOptions,
): Promise<ApprovalView> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pollSeconds = options.pollSeconds ?? DEFAULT_POLL_SECONDS;
  if (!(timeoutMs >= 0)) throw new TypeError("timeoutMs must be >= 0");
  if (!Number.isInteger(pollSeconds) || pollSeconds < 0 || pollSeconds > 120) {
    throw new TypeError("pollSeconds must be an integer from 0 to 120");
  }
  const { signal } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const remaining = deadline - Date.now();
    const started = Date.now();
    const view = await poll(Math.max(0, Math.min(pollSeconds, Math.floor(remaining / 1000))), signal);
    if (view.status !== "PENDING") return view;
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new OpenLeashError("APPROVAL_TIMEOUT", `approval ${view.id} still pending after ${timeoutMs} ms`);
    }
    const elapsed = Date.now() - started;
    if (elapsed < MIN_POLL_INTERVAL_MS) await sleep(Math.min(MIN_POLL_INTERVAL_MS - elapsed, left), signal);
  }
}
