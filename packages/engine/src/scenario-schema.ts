import { z } from "zod";
import { ASSURANCE_LEVELS } from "./schema";

/**
 * Scenario files: a policy and a sequence of actions with the decisions they must produce.
 * Used by `openleash policy test` and by the engine's own conformance fixtures.
 */

const PolicyRef = z
  .union([
    z.string().min(1).describe("Path of a policy YAML file, relative to the scenario"),
    z.record(z.string(), z.unknown()),
  ])
  .describe("The policy: a file path or an inline policy");

const Agent = z.strictObject({
  id: z.string().min(1),
  groups: z.array(z.string()).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});

const Owner = z.strictObject({ id: z.string().min(1), type: z.enum(["user", "org"]).optional() });

const DecisionName = z.enum(["ALLOW", "DENY", "REQUIRE_APPROVAL", "REQUIRE_STEP_UP"]);

const Step = z.strictObject({
  name: z.string().min(1),
  now: z.string().datetime({ offset: true }).describe("Evaluation time (RFC 3339)"),
  action: z.strictObject({
    id: z.string().optional(),
    type: z.string().min(1),
    requested_at: z.string().optional(),
    relying_party: z
      .strictObject({ domain: z.string().optional(), trust_profile: z.string().optional() })
      .optional(),
    payload: z.record(z.string(), z.unknown()).default({}),
  }),
  agent: Agent.optional(),
  owner: Owner.optional(),
  context: z
    .strictObject({
      approval: z.strictObject({ id: z.string().min(1), assurance: z.enum(ASSURANCE_LEVELS) }).optional(),
      presented_proofs: z.array(z.record(z.string(), z.unknown())).optional(),
    })
    .optional(),
  expect: z.strictObject({
    decision: DecisionName,
    reason_code: z.string().optional(),
    matched_rule: z.string().nullable().optional(),
    obligations: z
      .array(z.enum(["HUMAN_APPROVAL", "STEP_UP_AUTH", "COUNTERPARTY_ATTESTATION"]))
      .optional()
      .describe("Exact set of obligation types, in order"),
    charges: z.number().int().nonnegative().optional().describe("Number of charges returned"),
    reason_includes: z.string().optional().describe("Text the reason must contain"),
    proof: z.strictObject({ required: z.boolean(), ttl_seconds: z.number().int().nullable() }).optional(),
  }),
});

/** Zod schema of a scenario file. */
export const ScenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    policy: PolicyRef.optional(),
    layers: z
      .array(
        z.strictObject({
          scope: z.enum(["owner", "group", "agent"]),
          id: z.string().min(1),
          policy: PolicyRef,
        }),
      )
      .min(1)
      .optional(),
    agent: Agent.default({ id: "agent-1" }),
    owner: Owner.default({ id: "owner-1" }),
    steps: z.array(Step).min(1).max(1000),
  })
  .refine(
    (s) => (s.policy === undefined) !== (s.layers === undefined),
    "set exactly one of `policy` or `layers`",
  )
  .describe("OpenLeash policy scenario");

/** A validated scenario file. */
export type Scenario = z.output<typeof ScenarioSchema>;
/** One step of a scenario. */
export type ScenarioStep = Scenario["steps"][number];

/** JSON Schema of scenario files (packages/engine/schemas/scenario.schema.json). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, { io: "input", target: "draft-2020-12" }) as Record<
    string,
    unknown
  >;
  return {
    $schema: schema.$schema,
    $id: "https://openleash.dev/schemas/scenario.schema.json",
    title: "OpenLeash policy scenario",
    ...schema,
  };
}
