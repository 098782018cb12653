export type { CompiledPolicy, CompileOptions, LayerSummary } from "./compile";
export { compilePolicy } from "./compile";
export { InMemoryCounters } from "./counters";
export type { PolicyErrorCode } from "./errors";
export { PolicyError } from "./errors";
export { evaluate } from "./evaluate";
export { POLICY_SCHEMA_ID, policyJsonSchema } from "./json-schema";
export { mergePolicies } from "./merge";
export type { ParseOptions } from "./parse";
export { parsePolicy, validatePolicy } from "./parse";
export { counterQueries } from "./queries";
export type {
  AssuranceLevel,
  PolicyConstraints,
  PolicyDefault,
  PolicyDocument,
  PolicyLayerInfo,
  PolicyLimit,
  PolicyObligation,
  PolicyRule,
  ProofSettings,
} from "./schema";
export { ASSURANCE_LEVELS, PolicySchema } from "./schema";
export type {
  Charge,
  CounterQuery,
  CounterReader,
  Decision,
  DecisionValue,
  EvaluateOptions,
  EvaluationInput,
  Obligation,
  ObligationType,
  PolicyLayer,
  ReasonCode,
  TraceStep,
} from "./types";
export type { PolicyResolver, ScenarioResult, StepResult } from "./scenario";
export { parseScenario, runScenario, scenarioPolicy } from "./scenario";
export type { Scenario, ScenarioStep } from "./scenario-schema";
export { ScenarioSchema, scenarioJsonSchema } from "./scenario-schema";
export type { LintDiagnostic } from "./lint";
export { lintPolicy } from "./lint";
