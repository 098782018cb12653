import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fromBase64, utf8 } from "../encoding.js";
import { RequestSignatureError } from "../errors.js";
import { type PreparedSignature, prepareFast, scanSignatureInput } from "./fast-verify.js";
import { type HeadersLike, headerGetter } from "./headers.js";
import { fieldValue } from "./signature-base.js";
import { type InnerList, parseDictionary, serializeInnerList } from "./structured-fields.js";
import { prepareGeneral, type VerifyRequestOptions } from "./verify-request.js";

// Differential tests: the fast path must give exactly what the general path gives whenever it gives
// anything, and must actually be taken for the canonical shape (so these tests cannot pass vacuously).

const now = new Date("2026-11-26T10:30:00Z");
const nowSeconds = Math.floor(now.getTime() / 1000);
const body = utf8('{"action":{"type":"purchase","payload":{"amount_minor":8500}}}');
const b64Digest = createHash("sha256").update(body).digest("base64");
const digest = `sha-256=:${b64Digest}:`;
const sigB64 = Buffer.alloc(64, 0xa7).toString("base64");
const nonce = "n-0123456789abcdefghijkl";
const keyid = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
const PARAMS = `;created=${nowSeconds};nonce="${nonce}";keyid="${keyid}";alg="ed25519";tag="openleash"`;
const LIST = '("@method" "@path" "@query" "content-digest")';
const INPUT = `sig1=${LIST}${PARAMS}`;

type Outcome = { ok: PreparedSignature } | { error: string };

function request(headers: HeadersLike, extra: Partial<VerifyRequestOptions> = {}): VerifyRequestOptions {
  return {
    method: "POST",
    path: "/v1/authorize",
    query: "?a=1",
    headers,
    body,
    now,
    resolveKey: () => null,
    ...extra,
  };
}

async function general(options: VerifyRequestOptions, skew: number): Promise<Outcome> {
  try {
    return { ok: await prepareGeneral(options, headerGetter(options.headers), nowSeconds, skew) };
  } catch (e) {
    if (e instanceof RequestSignatureError) return { error: `${e.code}: ${e.message}` };
    return { error: `thrown: ${String(e)}` };
  }
}

/** Asserts the fast path agrees with the general one; true when the fast path was taken. */
async function agrees(options: VerifyRequestOptions, skew = 120): Promise<boolean> {
  const fast = prepareFast(options, headerGetter(options.headers), nowSeconds, skew);
  if (fast === null) return false;
  const slow = await general(options, skew);
  expect(slow).toEqual({ ok: fast });
  return true;
}

/** Every one-character insertion, deletion and replacement of text, with the given alphabet. */
function mutations(text: string, alphabet: string[]): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length) out.add(text.slice(0, i) + text.slice(i + 1));
    for (const ch of alphabet) {
      out.add(text.slice(0, i) + ch + text.slice(i));
      if (i < text.length) out.add(text.slice(0, i) + ch + text.slice(i + 1));
    }
  }
  return [...out];
}

const HOSTILE = [
  " ",
  "\t",
  ";",
  ",",
  "=",
  '"',
  "\\",
  "0",
  "9",
  "-",
  ".",
  ":",
  "(",
  ")",
  "A",
  "*",
  "?",
  "é",
  "\n",
];

describe("fast verifyRequest path against the general one", () => {
  it("is taken for the canonical shape and yields the general path's result", async () => {
    const headers = { "content-digest": digest, "signature-input": INPUT, signature: `sig1=:${sigB64}:` };
    expect(await agrees(request(headers))).toBe(true);
    const parsed = parseDictionary(INPUT).get("sig1") as InnerList;
    expect(scanSignatureInput(INPUT)?.serialized).toBe(serializeInnerList(parsed));
    const shapes = [
      `sig1=${LIST};tag="openleash";alg="ed25519";keyid="${keyid}";nonce="${nonce}";created=${nowSeconds}`,
      `sig1=${LIST}${PARAMS};expires=${nowSeconds + 60}`,
      `sig1=${LIST}${PARAMS};x-extra="a b ( ) ; , = *";n=0`,
      `*lbl.-_9=("@method" "@path" "@query" "content-digest" "x-note")${PARAMS}`,
    ];
    for (const input of shapes) {
      const label = input.slice(0, input.indexOf("="));
      const h = {
        "content-digest": digest,
        "signature-input": input,
        signature: `${label}=:${sigB64}:`,
        "x-note": " hi\t",
      };
      expect(await agrees(request(h)), input).toBe(true);
    }
    // No body and no query: content-digest need not be covered.
    const bare = `sig1=("@method" "@path")${PARAMS}`;
    const none = request(
      { "signature-input": bare, signature: `sig1=:${sigB64}:` },
      { body: new Uint8Array(0), query: "" },
    );
    expect(await agrees(none)).toBe(true);
  });

  it("agrees on every one-character mutation of Signature-Input", async () => {
    let taken = 0;
    const inputs = mutations(INPUT, HOSTILE);
    for (const input of inputs) {
      const label = /^[^=]*/.exec(input)![0];
      const headers = {
        "content-digest": digest,
        "signature-input": input,
        signature: `${label}=:${sigB64}:`,
      };
      if (await agrees(request(headers))) taken++;
    }
    // Some mutations stay canonical and valid (a changed nonce character, a renamed label...).
    expect(taken).toBeGreaterThan(10);
    expect(taken).toBeLessThan(inputs.length / 2);
  });

  it("agrees on mutations of Signature and Content-Digest and on odd header shapes", async () => {
    const signatures = [
      ...mutations(`sig1=:${sigB64}:`, ["=", ":", " ", "A", "+", "/", "-", ";", ","]),
      `sig1=:${sigB64.replace(/=+$/, "")}:`,
      `sig1=:${Buffer.alloc(63).toString("base64")}:`,
      `sig1=:${sigB64}:;x=1`,
      `sig1=:${sigB64}:, sig2=:${sigB64}:`,
      ` sig1=:${sigB64}:\t`,
    ];
    for (const signature of signatures) {
      await agrees(request({ "content-digest": digest, "signature-input": INPUT, signature }));
    }
    const digests = [
      ...mutations(digest, ["=", ":", " ", "A", "-", ","]),
      `sha-256=:${b64Digest.replace(/=+$/, "")}:`,
      `sha-512=:${createHash("sha512").update(body).digest("base64")}:, ${digest}`,
      `${digest};p=1`,
    ];
    for (const d of digests) {
      await agrees(request({ "content-digest": d, "signature-input": INPUT, signature: `sig1=:${sigB64}:` }));
    }
    const records: HeadersLike[] = [
      { "Content-Digest": digest, "signature-input": INPUT, signature: `sig1=:${sigB64}:` },
      { "content-digest": [digest], "signature-input": [INPUT], signature: [`sig1=:${sigB64}:`] },
      { "content-digest": digest, "signature-input": [INPUT, INPUT], signature: `sig1=:${sigB64}:` },
      {
        "content-digest": digest,
        "signature-input": INPUT,
        "Signature-Input": INPUT,
        signature: `sig1=:${sigB64}:`,
      },
      new Headers({ "content-digest": digest, "signature-input": INPUT, signature: `sig1=:${sigB64}:` }),
    ];
    for (const headers of records) await agrees(request(headers));
  });

  it("agrees on request, clock and parameter edge cases", async () => {
    const headers = { "content-digest": digest, "signature-input": INPUT, signature: `sig1=:${sigB64}:` };
    const variants: Array<Partial<VerifyRequestOptions>> = [
      { query: "" },
      { query: "?" },
      { path: "" },
      { method: "PO\nST" },
      { method: undefined as unknown as string },
      { body: new Uint8Array(0) },
      { body: utf8("{}") },
    ];
    for (const v of variants) await agrees(request(headers, v));
    for (const skew of [0, 119, Number.NaN]) {
      for (const created of [nowSeconds - 200, nowSeconds - 120, nowSeconds + 121, 0]) {
        const input = INPUT.replace(`created=${nowSeconds}`, `created=${created}`);
        await agrees(request({ ...headers, "signature-input": input }), skew);
      }
    }
    const params = [
      `${PARAMS};expires=${nowSeconds}`,
      `${PARAMS};expires=${nowSeconds - 1}`,
      `${PARAMS};created=${nowSeconds}`,
      PARAMS.replace(nonce, "short"),
      PARAMS.replace(nonce, "n".repeat(257)),
      PARAMS.replace(`keyid="${keyid}"`, 'keyid=""'),
      PARAMS.replace('tag="openleash"', 'tag="other"'),
      PARAMS.replace(`created=${nowSeconds}`, `created=0${nowSeconds}`),
      PARAMS.replace(`created=${nowSeconds}`, `created=${nowSeconds}.5`),
      PARAMS.replace(`created=${nowSeconds}`, `created=-${nowSeconds}`),
      PARAMS.replace(`created=${nowSeconds}`, "created=1234567890123456"),
    ];
    const extra = Array.from({ length: 40 }, (_, i) => `;p${i}=${i}`).join("");
    params.push(`${PARAMS}${extra}`, `${PARAMS}${extra};p3=1`);
    // Past 16 parameters (or components) the general path's Maps take over: no quadratic scan.
    expect(scanSignatureInput(`sig1=${LIST}${PARAMS}${extra}`)).toBeNull();
    for (const p of params) await agrees(request({ ...headers, "signature-input": `sig1=${LIST}${p}` }));
    const many = Array.from({ length: 40 }, (_, i) => ` "x-h${i}"`).join("");
    const lists = [
      '("@method" "@path" "@query" "content-digest" "@method")',
      '("@method" "@path" "@query")',
      `("@method" "@path" "@query" "content-digest"${many})`,
    ];
    for (const l of lists) await agrees(request({ ...headers, "signature-input": `sig1=${l}${PARAMS}` }));
  });
});

describe("scanners against the code they replace", () => {
  const regexFieldValue = (raw: string | readonly string[] | null) =>
    raw === null
      ? null
      : (typeof raw === "string" ? [raw] : raw).map((v) => v.replace(/^[ \t]+|[ \t]+$/g, "")).join(", ");
  const regexFromBase64 = (text: string) => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return "reject";
    const unpadded = text.replace(/=+$/, "");
    if (unpadded.length % 4 === 1 || (text.length !== unpadded.length && text.length % 4 !== 0))
      return "reject";
    return "shape-ok";
  };
  const regexHeaderGetter =
    (record: Record<string, string | readonly string[] | undefined>) => (name: string) => {
      const lines: string[] = [];
      for (const key of Object.keys(record)) {
        if (key.length !== name.length || key.toLowerCase() !== name) continue;
        const value = record[key];
        if (typeof value === "string") lines.push(value);
        else if (Array.isArray(value)) lines.push(...(value as string[]));
      }
      if (lines.length === 0) return null;
      return lines.length === 1 ? lines[0]! : lines;
    };

  it("fieldValue trims SP/HTAB exactly as the regex did", () => {
    const samples = [
      "",
      " ",
      "\t \t",
      "a",
      " a ",
      "\ta b\t",
      " \u00a0x\u00a0 ",
      "a\t ",
      "\n a \n",
      "  x  y  ",
    ];
    for (const s of samples) {
      expect(fieldValue(s)).toBe(regexFieldValue(s));
      expect(fieldValue([s, s])).toBe(regexFieldValue([s, s]));
    }
    expect(fieldValue(null)).toBeNull();
  });

  it("fromBase64 accepts and rejects what the regex version did", () => {
    const texts = [
      ...mutations("QUJDRA==", ["=", "-", "_", "+", "/", " ", "\n", "é", "A"]),
      "",
      "=",
      "==",
      "A===",
    ];
    for (const t of texts) {
      const decoded = fromBase64(t);
      const ref = regexFromBase64(t);
      if (ref === "reject") expect(decoded, t).toBeNull();
      else if (decoded !== null)
        expect(Buffer.from(decoded).toString("base64").replace(/=+$/, "")).toBe(t.replace(/=+$/, ""));
    }
  });

  it("headerGetter finds the same field lines with and without the all-lowercase shortcut", () => {
    const proto = { inherited: "x" };
    const records: Array<Record<string, string | readonly string[] | undefined>> = [
      { signature: "a", "content-digest": ["b", "c"], empty: [], none: undefined },
      { Signature: "a", signature: "b", "SIGNATURE-INPUT": ["c"] },
      { "\u212aeyid": "kelvin", keyid: "plain" },
      Object.assign(Object.create(proto), { own: "y" }),
    ];
    Object.defineProperty(records[0], "hidden", { value: "h", enumerable: false });
    const names = [
      "signature",
      "content-digest",
      "empty",
      "none",
      "signature-input",
      "keyid",
      "inherited",
      "own",
      "hidden",
      "Signature",
    ];
    for (const record of records) {
      const get = headerGetter(record);
      const ref = regexHeaderGetter(record);
      for (const name of names) expect(get(name), name).toEqual(ref(name));
    }
  });
});
