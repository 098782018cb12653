// The benchmark workload: one 50-rule policy written twice, as an OpenLeash policy and as the
// equivalent Cedar policy set, and the requests both engines decide.
//
// Mapping: an OpenLeash rule → one Cedar policy. `effect: deny` → `forbid` (our deny rules come
// first, so first-match equals Cedar's forbid-overrides); `effect: allow` → `permit`; rules with
// an obligation become permits annotated @obligation (Cedar has no obligations: the caller would
// read the annotation off the determining policies). Constraints and CEL conditions become
// `when` clauses over `context`. Cedar has no time-window limits, so OpenLeash does strictly
// more work per decision (it also reads counters and computes charges).

const FAMILIES = 9;

function familyRules(f) {
  const host = `x${f}.example`;
  return {
    yaml: [
      {
        id: `svc${f}-no-prod-delete`,
        action: `svc${f}.delete`,
        effect: "deny",
        when: "action.payload.env == 'prod'",
      },
      {
        id: `svc${f}-read`,
        action: `svc${f}.read`,
        effect: "allow",
        when: "action.payload.size <= 1000 && agent.id != 'blocked'",
      },
      {
        id: `svc${f}-write-small`,
        action: `svc${f}.write`,
        effect: "allow",
        when: "action.payload.size <= 500",
        constraints: { domains: { allow: [host] } },
        limits: [{ id: `svc${f}-writes`, window: "1h", max: 1000000, per: ["agent"] }],
      },
      {
        id: `svc${f}-write-large`,
        action: `svc${f}.write`,
        effect: "allow",
        when: "action.payload.size > 500",
        constraints: { domains: { allow: [host] } },
        obligations: [{ type: "HUMAN_APPROVAL" }],
      },
      {
        id: `svc${f}-delete`,
        action: `svc${f}.delete`,
        effect: "allow",
        when: "action.payload.env != 'prod'",
        obligations: [{ type: "STEP_UP_AUTH", min_assurance: "HIGH" }],
      },
    ],
    cedar: `
@id("svc${f}-no-prod-delete")
forbid (principal, action == Action::"svc${f}.delete", resource) when { context.env == "prod" };
@id("svc${f}-read")
permit (principal, action == Action::"svc${f}.read", resource) when { context.size <= 1000 && principal != Agent::"blocked" };
@id("svc${f}-write-small")
permit (principal, action == Action::"svc${f}.write", resource == Host::"${host}") when { context.size <= 500 };
@id("svc${f}-write-large") @obligation("HUMAN_APPROVAL")
permit (principal, action == Action::"svc${f}.write", resource == Host::"${host}") when { context.size > 500 };
@id("svc${f}-delete") @obligation("STEP_UP_AUTH")
permit (principal, action == Action::"svc${f}.delete", resource) when { context.env != "prod" };
`,
  };
}

const purchaseRules = {
  yaml: [
    {
      id: "no-restricted-goods",
      action: "purchase",
      effect: "deny",
      when: "action.payload.category in ['weapons', 'gift_cards', 'crypto']",
    },
    {
      id: "everyday-purchases",
      action: "purchase",
      effect: "allow",
      when: "action.relying_party.domain.endsWith('.example')",
      constraints: { amount: { max: 20000 }, currencies: ["USD", "EUR"] },
      limits: [
        {
          id: "daily-per-vendor",
          window: "24h",
          sum: "action.payload.amount_minor",
          max: 1e12,
          per: ["agent", "relying_party"],
          on_exceed: "require_approval",
        },
      ],
    },
    {
      id: "big-purchases",
      action: "purchase",
      effect: "allow",
      constraints: { amount: { min: 20001 }, currencies: ["USD", "EUR"] },
      obligations: [{ type: "HUMAN_APPROVAL" }],
    },
    {
      id: "refunds",
      action: "purchase.refund",
      effect: "allow",
      when: "action.payload.amount_minor <= 100000",
    },
    { id: "no-subscriptions", action: "purchase.subscribe", effect: "deny" },
  ],
  cedar: `
@id("no-restricted-goods")
forbid (principal, action == Action::"purchase", resource) when { ["weapons", "gift_cards", "crypto"].contains(context.category) };
@id("everyday-purchases")
permit (principal, action == Action::"purchase", resource) when { resource.domain like "*.example" && context.amount_minor <= 20000 && ["USD", "EUR"].contains(context.currency) };
@id("big-purchases") @obligation("HUMAN_APPROVAL")
permit (principal, action == Action::"purchase", resource) when { context.amount_minor >= 20001 && ["USD", "EUR"].contains(context.currency) };
@id("refunds")
permit (principal, action == Action::"purchase.refund", resource) when { context.amount_minor <= 100000 };
@id("no-subscriptions")
forbid (principal, action == Action::"purchase.subscribe", resource);
`,
};

/** The 50 rules as an OpenLeash policy object and as Cedar text. */
export function buildPolicies() {
  const families = Array.from({ length: FAMILIES }, (_, f) => familyRules(f));
  const rules = [...purchaseRules.yaml, ...families.flatMap((f) => f.yaml)];
  // Deny rules first in each action type already; keep document order as written.
  return {
    openleash: { version: 1, name: "bench-50", default: "deny", rules },
    cedar: purchaseRules.cedar + families.map((f) => f.cedar).join(""),
    ruleCount: rules.length,
  };
}

/** The decision mix: [label, OpenLeash input, Cedar request, expected OpenLeash decision]. */
export function buildRequests() {
  const agent = { id: "agent-1" };
  const owner = { id: "alice" };
  const purchase = (payload, domain = "storeco.example") => ({
    ol: { action: { id: "a", type: "purchase", relying_party: { domain }, payload }, agent, owner },
    cedar: {
      principal: { type: "Agent", id: agent.id },
      action: { type: "Action", id: "purchase" },
      resource: { type: "Vendor", id: domain },
      context: payload,
      entities: [{ uid: { type: "Vendor", id: domain }, attrs: { domain }, parents: [] }],
    },
  });
  const svc = (type, payload, host) => ({
    ol: { action: { id: "a", type, relying_party: { domain: host }, payload }, agent, owner },
    cedar: {
      principal: { type: "Agent", id: agent.id },
      action: { type: "Action", id: type },
      resource: { type: "Host", id: host },
      context: payload,
      entities: [],
    },
  });
  return [
    [
      "purchase 85 USD (allow + cap)",
      purchase({ amount_minor: 8500, currency: "USD", category: "electronics" }),
      "ALLOW",
    ],
    [
      "purchase 250 USD (approval)",
      purchase({ amount_minor: 25000, currency: "USD", category: "furniture" }),
      "REQUIRE_APPROVAL",
    ],
    [
      "purchase gift card (deny)",
      purchase({ amount_minor: 1000, currency: "USD", category: "gift_cards" }),
      "DENY",
    ],
    ["svc3.read (allow)", svc("svc3.read", { size: 10, env: "dev" }, "x3.example"), "ALLOW"],
    ["svc5.write (allow + rate)", svc("svc5.write", { size: 100, env: "dev" }, "x5.example"), "ALLOW"],
    [
      "svc2.write large (approval)",
      svc("svc2.write", { size: 900, env: "dev" }, "x2.example"),
      "REQUIRE_APPROVAL",
    ],
    ["svc7.delete prod (deny)", svc("svc7.delete", { size: 1, env: "prod" }, "x7.example"), "DENY"],
    ["unknown action (no match)", svc("email.send", { size: 1, env: "dev" }, "mail.example"), "DENY"],
  ];
}
