import { parseDocument, LineCounter } from "yaml";
const [kind, n] = [process.argv[2], +process.argv[3]];
const gens = {
  flow: (n) => "[".repeat(n) + "]".repeat(n),
  seq: (n) => Array.from({ length: n }, (_, i) => " ".repeat(i) + "- ").join("\n") + "x",
  seq2: (n) => Array.from({ length: n }, (_, i) => " ".repeat(2 * i) + "-").join("\n") + " x",
  map: (n) => Array.from({ length: n }, (_, i) => " ".repeat(i) + "a:").join("\n") + " x",
  flowmap: (n) => "{a: ".repeat(n) + "1" + "}".repeat(n),
};
const src = gens[kind](n);
const t = performance.now();
try {
  const lc = new LineCounter();
  const d = parseDocument(src, { lineCounter: lc, maxAliasCount: 100 });
  console.log(kind, n, src.length, d.errors.length, d.errors[0]?.code, performance.now() - t);
  d.toJS({ maxAliasCount: 100 });
  console.log("ok", performance.now() - t);
} catch (e) {
  console.log(n, e.constructor.name, e.message.slice(0, 80), performance.now() - t);
}
