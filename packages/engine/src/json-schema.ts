import { z } from "zod";
import { PolicySchema } from "./schema";

/** Where the published policy JSON Schema lives (spec/policy.schema.json in the repository). */
export const POLICY_SCHEMA_ID = "https://openleash.dev/schemas/policy.schema.json";

/**
 * JSON Schema (draft 2020-12) of the policy YAML, generated from the zod schema. Describes what
 * an author may write (input shape: fields with defaults are optional). Editors use it for
 * completion via the document's `$schema`.
 */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PolicySchema, { io: "input", target: "draft-2020-12" }) as Record<
    string,
    unknown
  >;
  return { $schema: schema.$schema, $id: POLICY_SCHEMA_ID, title: "OpenLeash policy", ...schema };
}
