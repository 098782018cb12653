import type { Decision, LintDiagnostic, ScenarioResult, TraceStep } from "@openleash/engine";

/** One trace step as an indented line. */
export function formatTraceStep(t: TraceStep): string {
  const who = t.rule ?? t.limit ?? "";
  const check = t.check && t.check !== "rule" ? ` [${t.check}]` : "";
  return `    ${t.step.padEnd(10)} ${t.outcome.padEnd(9)} ${who}${check}${who || check ? ": " : ""}${t.message}`;
}

/** A decision with its reason, obligations, charges and trace, for terminals. */
export function formatDecision(d: Decision): string {
  const lines = [
    `decision:     ${d.decision}`,
    `reason:       ${d.reason_code}: ${d.reason}`,
    `matched_rule: ${d.matched_rule ?? "(none)"}`,
  ];
  if (d.obligations.length > 0) {
    lines.push(
      `obligations:  ${d.obligations.map((o) => `${o.type} ${JSON.stringify(o.params)}`).join(", ")}`,
    );
  }
  if (d.decision === "ALLOW")
    lines.push(`proof:        required=${d.proof.required} ttl_seconds=${d.proof.ttl_seconds ?? "default"}`);
  for (const c of d.charges)
    lines.push(`charge:       ${c.limit_id} +${c.amount} (max ${c.max} per ${c.window_seconds}s)`);
  if (d.trace) lines.push("trace:", ...d.trace.map(formatTraceStep));
  return `${lines.join("\n")}\n`;
}

/** A scenario result: one line when it passed, every failing step with its trace otherwise. */
export function formatScenarioResult(file: string, r: ScenarioResult): string {
  const passed = r.steps.filter((s) => s.passed).length;
  const head = `${r.passed ? "PASS" : "FAIL"} ${file}: ${r.name} (${passed}/${r.steps.length} steps)`;
  const lines = [head];
  r.steps.forEach((s, i) => {
    if (s.passed) return;
    lines.push(`  step ${i + 1} "${s.name}":`);
    for (const m of s.mismatches) lines.push(`    - ${m}`);
    lines.push(`    got ${s.decision.decision} (${s.decision.reason_code}: ${s.decision.reason})`);
    for (const t of s.decision.trace ?? []) lines.push(`  ${formatTraceStep(t)}`);
  });
  return `${lines.join("\n")}\n`;
}

/** `file:line:column: severity CODE message`, the format editors and CI annotate from. */
export function formatDiagnostic(file: string, d: LintDiagnostic): string {
  return `${file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`;
}
