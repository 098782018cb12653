import { z } from "zod";

/**
 * The policy language, as zod schemas. This file is the single source of truth: the TypeScript
 * types, runtime validation and spec/policy.schema.json are all derived from it.
 */

/** Limits that keep hostile documents cheap to validate and to evaluate. */
export const LIMITS = {
  maxRules: 1000,
  maxLimitsPerRule: 16,
  maxPolicyLimits: 64,
  maxPatternsPerRule: 64,
  maxListItems: 256,
  maxExpressionLength: 2048,
  maxIdLength: 128,
} as const;

const Identifier = z
  .string()
  .min(1)
  .max(LIMITS.maxIdLength)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.:/#-]*$/,
    "must start with a letter or digit and use only A-Z a-z 0-9 _ . : / # -",
  )
  .describe("Identifier, unique within its list");

/** `purchase`, `appointment.book`, `mcp.*` or `*`. */
const ActionPatternString = z
  .string()
  .min(1)
  .max(256)
  .regex(
    /^(\*|[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*(\.\*)?)$/,
    "must be an action type (`purchase`), a prefix pattern (`appointment.*`) or `*`",
  );

const ActionPattern = z
  .union([ActionPatternString, z.array(ActionPatternString).min(1).max(LIMITS.maxPatternsPerRule)])
  .describe(
    "Action type pattern: exact (`purchase`), prefix (`appointment.*`), any (`*`), or a list of them",
  );

const Expression = z.string().min(1).max(LIMITS.maxExpressionLength);

/** `30s`, `15m`, `24h`, `7d`, or a number of seconds. */
const Duration = z
  .union([
    z.string().regex(/^[1-9][0-9]{0,8}(s|m|h|d)$/, "must look like 30s, 15m, 24h or 7d"),
    z
      .number()
      .int()
      .positive()
      .max(366 * 86400),
  ])
  .describe("Time window: `30s`, `15m`, `24h`, `7d`, or seconds");

/** Assurance levels in increasing order (eIDAS): LOW < SUBSTANTIAL < HIGH. */
export const ASSURANCE_LEVELS = ["LOW", "SUBSTANTIAL", "HIGH"] as const;
const Assurance = z.enum(ASSURANCE_LEVELS);

const Params = z
  .record(z.string(), z.unknown())
  .describe("Free-form parameters passed through to the caller");

const Obligation = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("HUMAN_APPROVAL"), params: Params.optional() }),
  z.strictObject({
    type: z.literal("STEP_UP_AUTH"),
    min_assurance: Assurance.describe("Lowest owner authentication level that satisfies the step-up"),
    params: Params.optional(),
  }),
  z.strictObject({ type: z.literal("COUNTERPARTY_ATTESTATION"), params: Params.optional() }),
]);

/** Dotted path inside `action.payload`, e.g. `amount_minor` or `order.total`. */
const PayloadField = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, "must be a dotted payload field name");

const DomainPattern = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/,
    "must be a domain (`example.com`) or a subdomain wildcard (`*.example.com`)",
  );

const Constraints = z
  .strictObject({
    amount: z
      .strictObject({
        field: PayloadField.default("amount_minor").describe(
          "Payload field holding the amount (default amount_minor)",
        ),
        max: z.number().finite().optional().describe("Largest allowed amount (inclusive)"),
        min: z.number().finite().optional().describe("Smallest allowed amount (inclusive)"),
      })
      .refine((a) => a.max !== undefined || a.min !== undefined, "set `max`, `min` or both")
      .optional(),
    currencies: z
      .array(z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD"))
      .max(LIMITS.maxListItems)
      .optional()
      .describe("Allowed ISO 4217 currency codes"),
    currency_field: PayloadField.default("currency").describe(
      "Payload field holding the currency (default currency)",
    ),
    domains: z
      .strictObject({
        field: PayloadField.optional().describe(
          "Payload field holding a domain, e-mail address, URL, or a list of them; falls back to relying_party.domain",
        ),
        allow: z.array(DomainPattern).max(LIMITS.maxListItems).optional(),
        deny: z.array(DomainPattern).max(LIMITS.maxListItems).optional(),
      })
      .refine((d) => d.allow !== undefined || d.deny !== undefined, "set `allow`, `deny` or both")
      .optional(),
  })
  .describe("Shortcut constraints, all of which must hold for the rule to match");

const GroupKey = z
  .string()
  .regex(
    /^(agent|owner|relying_party|action_type|payload\.[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)$/,
    "must be agent, owner, relying_party, action_type or payload.<field>",
  );

const Limit = z.strictObject({
  id: Identifier,
  description: z.string().max(1024).optional(),
  action: ActionPattern.optional().describe(
    "Only for policy-level limits: which actions count (default `*`)",
  ),
  window: Duration,
  max: z.number().finite().nonnegative().describe("Largest total allowed within the window"),
  sum: Expression.optional().describe(
    "Spending cap: CEL expression (or payload path such as `action.payload.amount_minor`) summed over the window; omit for a rate limit (count)",
  ),
  per: z
    .array(GroupKey)
    .max(8)
    .default([])
    .describe("Keys that group the counter (one counter per distinct value)"),
  on_exceed: z.enum(["deny", "require_approval"]).default("deny"),
});

const Proof = z.strictObject({
  required: z.boolean().default(true),
  ttl_seconds: z.number().int().positive().max(86400).nullable().default(null),
});

const Rule = z.strictObject({
  id: Identifier,
  description: z.string().max(1024).optional(),
  action: ActionPattern,
  effect: z.enum(["allow", "deny"]),
  when: Expression.optional().describe("CEL condition; the rule matches only when it evaluates to true"),
  constraints: Constraints.optional(),
  obligations: z.array(Obligation).max(8).default([]),
  proof: Proof.optional(),
  limits: z.array(Limit).max(LIMITS.maxLimitsPerRule).default([]),
  layer: z.string().max(300).optional().describe("Set by mergePolicies: the layer the rule came from"),
});

const LayerInfo = z.strictObject({
  scope: z.enum(["owner", "group", "agent"]),
  id: z.string().min(1).max(LIMITS.maxIdLength),
  name: z.string().max(256).optional(),
  default: z.enum(["deny", "allow", "require_approval", "passthrough"]),
});

/** The zod schema of a policy document. */
export const PolicySchema = z
  .strictObject({
    $schema: z.string().max(1024).optional(),
    version: z.literal(1).default(1).describe("Policy language version"),
    name: z.string().max(256).optional(),
    description: z.string().max(4096).optional(),
    default: z
      .enum(["deny", "allow", "require_approval", "passthrough"])
      .default("deny")
      .describe("Decision when no rule matches; `passthrough` defers to the next layer"),
    proof: Proof.optional().describe("Default proof settings for allowing rules"),
    limits: z
      .array(Limit)
      .max(LIMITS.maxPolicyLimits)
      .default([])
      .describe("Limits applied to every allowed action they cover"),
    rules: z.array(Rule).max(LIMITS.maxRules).default([]),
    layers: z
      .array(LayerInfo)
      .max(64)
      .optional()
      .describe("Set by mergePolicies: the layers merged, in evaluation order"),
  })
  .describe("OpenLeash policy");

/** A validated policy document (output of `parsePolicy`). */
export type PolicyDocument = z.output<typeof PolicySchema>;
/** One rule of a policy. */
export type PolicyRule = PolicyDocument["rules"][number];
/** A time-window limit (spending cap or rate limit). */
export type PolicyLimit = PolicyRule["limits"][number];
/** An obligation attached to a rule. */
export type PolicyObligation = PolicyRule["obligations"][number];
/** Shortcut constraints of a rule. */
export type PolicyConstraints = NonNullable<PolicyRule["constraints"]>;
/** Proof settings. */
export type ProofSettings = z.output<typeof Proof>;
/** Assurance level of an owner authentication. */
export type AssuranceLevel = (typeof ASSURANCE_LEVELS)[number];
/** The `default` of a policy. */
export type PolicyDefault = PolicyDocument["default"];
/** Layer info recorded in a merged policy. */
export type PolicyLayerInfo = z.output<typeof LayerInfo>;
