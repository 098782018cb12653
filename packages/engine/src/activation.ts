import { celTimestamp } from "./cel";
import type { ActivationSource } from "./limits";
import type { EvaluateOptions, EvaluationInput, TraceStep } from "./types";

/** Per-evaluation state: the input, the lazily built CEL activation, the trace. */
export class Run implements ActivationSource {
  activation: Record<string, unknown> | null = null;
  constructor(
    readonly input: EvaluationInput,
    readonly now: Date,
    readonly options: EvaluateOptions,
    readonly trace: TraceStep[] | null,
  ) {}

  vars(): Record<string, unknown> {
    this.activation ??= new Activation(this.input, this.now) as unknown as Record<string, unknown>;
    return this.activation;
  }
}

/**
 * The CEL variables: action, agent, owner, context, now. Built only if some expression runs;
 * `now` (a protobuf Timestamp, the costliest part) only when an expression reads it. A class
 * keeps one hidden shape for every activation.
 */
class Activation {
  readonly action: unknown;
  readonly agent: unknown;
  readonly owner: unknown;
  readonly context: unknown;
  private readonly date: Date;
  private timestamp: unknown = null;

  constructor(input: EvaluationInput, date: Date) {
    const { action, agent, owner } = input;
    // Reuse the caller's objects when nothing needs defaulting. No object spread here: on
    // Node 20 `{ ...x, k }` costs microseconds, more than the whole rest of a decision.
    this.action =
      action.relying_party && action.payload && action.requested_at !== undefined
        ? action
        : {
            id: action.id,
            type: action.type,
            requested_at: action.requested_at ?? "",
            relying_party: action.relying_party ?? {},
            payload: action.payload ?? {},
          };
    this.agent =
      agent.groups && agent.attributes
        ? agent
        : { id: agent.id, groups: agent.groups ?? [], attributes: agent.attributes ?? {} };
    this.owner = owner.type !== undefined ? owner : { id: owner.id, type: "" };
    const ctx = input.context;
    const context: Record<string, unknown> = {
      assurance: ctx?.approval?.assurance ?? "NONE",
      presented_proofs: ctx?.presented_proofs ?? [],
    };
    if (ctx?.approval) context.approval = ctx.approval;
    this.context = context;
    this.date = date;
  }

  get now(): unknown {
    this.timestamp ??= celTimestamp(this.date);
    return this.timestamp;
  }
}
