import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/** Schema of the server configuration; every key has a default so an empty config is a valid one. */
export const serverConfigSchema = z
  .object({
    /** Interface to bind; loopback unless told otherwise (issue 4: "binds to 127.0.0.1 unless told otherwise"). */
    host: z.string().min(1).default("127.0.0.1"),
    /** TCP port; 0 picks any free port. */
    port: z.number().int().min(0).max(65535).default(8787),
    /** Issuer URL put in proof tokens (`iss`); defaults to http://<host>:<port>. */
    issuer: z.string().url().optional(),
    /** PostgreSQL URL for scale-out; not supported by this version (the embedded SQLite store is used). */
    databaseUrl: z.string().optional(),
    /** Largest request body accepted, in bytes (413 above). */
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024),
    /** Largest total size of the request headers, in bytes (431 above). */
    maxHeaderBytes: z
      .number()
      .int()
      .positive()
      .default(16 * 1024),
    /** Largest policy YAML source accepted, in bytes. */
    maxPolicyBytes: z
      .number()
      .int()
      .positive()
      .default(256 * 1024),
    /** Allowed distance between an agent signature's `created` and the server clock (PROTOCOL.md §3). */
    signatureMaxSkewSeconds: z.number().int().positive().max(3600).default(120),
    /** Proof token lifetime when the policy does not set one (PROTOCOL.md §5). */
    proofTtlSeconds: z.number().int().positive().default(120),
    /** Upper bound for any proof token lifetime, whatever the policy says. */
    maxProofTtlSeconds: z.number().int().positive().default(3600),
    /** How long an approval request stays open for the owner. */
    approvalRequestTtlSeconds: z.number().int().positive().default(900),
    /** Lifetime of the single-use approval token handed to the agent (PROTOCOL.md §6). */
    approvalTokenTtlSeconds: z.number().int().positive().default(300),
    /** Longest long-poll an agent may ask for with `?wait=`. */
    longPollMaxSeconds: z.number().int().min(0).max(120).default(30),
    /** Default and maximum lifetime of an agent invite. */
    inviteTtlSeconds: z
      .number()
      .int()
      .positive()
      .default(24 * 3600),
    maxInviteTtlSeconds: z
      .number()
      .int()
      .positive()
      .default(7 * 24 * 3600),
    /** Requests per minute per authenticated agent (0 disables the limit). */
    rateLimitPerAgentPerMinute: z.number().int().min(0).default(6000),
    /** Requests per minute per client IP address, counted before authentication (0 disables). */
    rateLimitPerIpPerMinute: z.number().int().min(0).default(12000),
    /** Size at which the audit log starts a new JSONL file. */
    auditMaxFileBytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024 * 1024),
    /** SQLite durability: NORMAL survives process crashes (WAL); FULL also survives power loss. */
    sqliteSynchronous: z.enum(["NORMAL", "FULL"]).default("NORMAL"),
    /** Other OpenLeash instances whose proofs are accepted in `presented_proofs` (issuer → JWKS URL). */
    trustedIssuers: z.array(z.object({ issuer: z.string().url(), jwksUri: z.string().url() })).default([]),
    /**
     * Browser origins allowed to call the API cross-origin (CORS, Fetch standard). Empty: no CORS
     * headers at all (same-origin only). Exact serialized origins (`https://app.example`); `*` allows
     * any origin and must be the only entry.
     */
    corsOrigins: z
      .array(
        z.string().refine((o) => o === "*" || isSerializedOrigin(o), {
          message:
            'each entry must be an origin like "https://app.example" (scheme, host, optional port; no path) or "*"',
        }),
      )
      .refine((list) => !list.includes("*") || list.length === 1, {
        message: '"*" allows every origin and must be the only entry',
      })
      .default([]),
    /** Minimum level written by the default logger. */
    logLevel: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  })
  .strict();

/**
 * Whether `value` is exactly what a browser sends in `Origin` for an http(s) page: scheme, host and
 * a non-default port, lower case, no path (RFC 6454 §6.2, the ASCII serialization).
 */
function isSerializedOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
  } catch {
    return false;
  }
}

/** The resolved server configuration. */
export type ServerConfig = z.output<typeof serverConfigSchema>;

/** Raised for an unreadable or invalid configuration; `path` names the offending key. */
export class ConfigError extends Error {
  readonly code = "INVALID_CONFIG";
  constructor(
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

type EnvSpec = { key: keyof ServerConfig; kind: "string" | "int" | "json" | "list" };

/** Environment variables read by {@link loadConfig}, in the order the README lists them. */
export const CONFIG_ENV: Record<string, EnvSpec> = {
  OPENLEASH_HOST: { key: "host", kind: "string" },
  OPENLEASH_PORT: { key: "port", kind: "int" },
  OPENLEASH_ISSUER: { key: "issuer", kind: "string" },
  OPENLEASH_DATABASE_URL: { key: "databaseUrl", kind: "string" },
  OPENLEASH_MAX_BODY_BYTES: { key: "maxBodyBytes", kind: "int" },
  OPENLEASH_MAX_HEADER_BYTES: { key: "maxHeaderBytes", kind: "int" },
  OPENLEASH_MAX_POLICY_BYTES: { key: "maxPolicyBytes", kind: "int" },
  OPENLEASH_SIGNATURE_MAX_SKEW_SECONDS: { key: "signatureMaxSkewSeconds", kind: "int" },
  OPENLEASH_PROOF_TTL_SECONDS: { key: "proofTtlSeconds", kind: "int" },
  OPENLEASH_MAX_PROOF_TTL_SECONDS: { key: "maxProofTtlSeconds", kind: "int" },
  OPENLEASH_APPROVAL_REQUEST_TTL_SECONDS: { key: "approvalRequestTtlSeconds", kind: "int" },
  OPENLEASH_APPROVAL_TOKEN_TTL_SECONDS: { key: "approvalTokenTtlSeconds", kind: "int" },
  OPENLEASH_LONG_POLL_MAX_SECONDS: { key: "longPollMaxSeconds", kind: "int" },
  OPENLEASH_INVITE_TTL_SECONDS: { key: "inviteTtlSeconds", kind: "int" },
  OPENLEASH_MAX_INVITE_TTL_SECONDS: { key: "maxInviteTtlSeconds", kind: "int" },
  OPENLEASH_RATE_LIMIT_PER_AGENT_PER_MINUTE: { key: "rateLimitPerAgentPerMinute", kind: "int" },
  OPENLEASH_RATE_LIMIT_PER_IP_PER_MINUTE: { key: "rateLimitPerIpPerMinute", kind: "int" },
  OPENLEASH_AUDIT_MAX_FILE_BYTES: { key: "auditMaxFileBytes", kind: "int" },
  OPENLEASH_SQLITE_SYNCHRONOUS: { key: "sqliteSynchronous", kind: "string" },
  OPENLEASH_TRUSTED_ISSUERS: { key: "trustedIssuers", kind: "json" },
  OPENLEASH_CORS_ORIGINS: { key: "corsOrigins", kind: "list" },
  OPENLEASH_LOG_LEVEL: { key: "logLevel", kind: "string" },
};

/** Where {@link loadConfig} reads from; later sources win: file < env < overrides. */
export type LoadConfigOptions = {
  /** Environment to read `OPENLEASH_*` from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** YAML (or JSON) config file; also taken from `OPENLEASH_CONFIG`. */
  configFile?: string;
  /** Values set by the caller (CLI flags), highest priority. */
  overrides?: Partial<ServerConfig>;
};

function fromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(CONFIG_ENV)) {
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    if (spec.kind === "string") out[spec.key] = raw;
    else if (spec.kind === "list") {
      // Comma-separated; blanks around entries are ignored ("https://a.example, https://b.example").
      out[spec.key] = raw
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v !== "");
    } else if (spec.kind === "int") {
      if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be an integer`, spec.key);
      out[spec.key] = Number(raw);
    } else {
      try {
        out[spec.key] = JSON.parse(raw);
      } catch {
        throw new ConfigError(`${name} must be JSON`, spec.key);
      }
    }
  }
  return out;
}

function fromFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(
      `cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 0 });
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid YAML: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc))
    throw new ConfigError(`config file ${path} must be a mapping`);
  return doc as Record<string, unknown>;
}

/**
 * Resolves the configuration from an optional YAML file, `OPENLEASH_*` environment variables and
 * caller overrides (in that order of increasing priority), then validates it.
 *
 * @example
 * const config = loadConfig({ overrides: { port: 0 } });
 */
export function loadConfig(options: LoadConfigOptions = {}): ServerConfig {
  const env = options.env ?? process.env;
  const file = options.configFile ?? env.OPENLEASH_CONFIG;
  const merged: Record<string, unknown> = {
    ...(file ? fromFile(file) : {}),
    ...fromEnv(env),
  };
  for (const [k, v] of Object.entries(options.overrides ?? {})) if (v !== undefined) merged[k] = v;
  const result = serverConfigSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.join(".");
    throw new ConfigError(
      `invalid configuration at ${path || "(root)"}: ${issue.message}`,
      path || undefined,
    );
  }
  if (result.data.maxProofTtlSeconds < result.data.proofTtlSeconds) {
    throw new ConfigError("proofTtlSeconds must not exceed maxProofTtlSeconds", "proofTtlSeconds");
  }
  return result.data;
}
