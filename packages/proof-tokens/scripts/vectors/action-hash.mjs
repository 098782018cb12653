// spec/vectors/action-hash.json: PROTOCOL.md §2 action hashes (RFC 8785 JCS + SHA-256).
import { outcome } from "./common.mjs";

// Action hash inputs are JSON texts, so that number spellings (1E30, -0, 4.50) reach every parser.
const ACTION_CASES = [
  [
    "protocol-example",
    '{"id":"0b8f6c1e-2f44-4a53-9a9e-3b4f1c1d2e10","type":"purchase","requested_at":"2026-11-26T10:30:00Z","relying_party":{"domain":"storeco.example","trust_profile":"LOW"},"payload":{"amount_minor":8500,"currency":"USD","item":"headphones"}}',
  ],
  [
    "key-order-utf16",
    '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
  ],
  [
    "rfc8785-example",
    '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
  ],
  [
    "floats",
    '{"type":"t","payload":{"a":0.1,"b":0.30000000000000004,"c":1.5e-7,"d":123456789.123,"e":-2.5,"f":1e-6,"g":0.000001234}}',
  ],
  [
    "exponents",
    '{"type":"t","payload":{"big":1e21,"below":1e20,"huge":1.7976931348623157e308,"tiny":5e-324,"neg":-1E+30,"int_like":2e3}}',
  ],
  ["negative-zero", '{"type":"t","payload":{"z":-0,"z2":-0.0,"arr":[-0,0]}}'],
  [
    "large-integers",
    '{"type":"t","payload":{"max_safe":9007199254740991,"beyond":9007199254740993,"big":295147905179352830000}}',
  ],
  [
    "unicode",
    '{"type":"message.send","payload":{"text":"Grüße, 世界 😀","rtl":"שלום","combining":"e\\u0301","controls":"\\u0000\\u0007\\b\\t\\n\\u000b\\f\\r\\u001f\\u007f","quotes":"\\"\\\\/","line_sep":"\\u2028\\u2029"}}',
  ],
  [
    "nested-arrays",
    '{"type":"t","payload":{"matrix":[[1,[2,[3,[4,[]]]]],[],[{}],[{"b":1,"a":[true,false,null]}]],"empty_obj":{},"empty_arr":[]}}',
  ],
  [
    "key-ordering",
    '{"type":"t","payload":{"b":1,"a":2,"A":3,"_":4,"10":5,"9":6,"aa":7,"a\\u0000":8,"é":9,"z":{"y":1,"x":2}}}',
  ],
];

// Texts every implementation must refuse: they have no canonical form (RFC 8785 requires I-JSON).
const ACTION_REJECTIONS = [
  ["lone-high-surrogate", '{"type":"t","payload":{"s":"\\ud800"}}'],
  ["lone-low-surrogate", '{"type":"t","payload":{"s":"a\\udc00b"}}'],
  ["lone-surrogate-in-key", '{"type":"t","payload":{"\\udbff":1}}'],
];

export async function actionHashVectors(lib) {
  const cases = [];
  for (const [name, input_json] of ACTION_CASES) {
    const value = JSON.parse(input_json);
    cases.push({
      name,
      input_json,
      canonical: lib.canonicalize(value),
      action_hash: await lib.actionHash(value),
    });
  }
  const rejections = [];
  for (const [name, input_json] of ACTION_REJECTIONS) {
    rejections.push({
      name,
      input_json,
      expected_error: await outcome(() => lib.actionHash(JSON.parse(input_json))),
    });
  }
  return { $schema: "./vectors.schema.json", kind: "action-hash", cases, must_reject: rejections };
}
