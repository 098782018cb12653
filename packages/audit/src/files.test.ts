import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linesBackward, linesForward, offsetOfSeq } from "./files";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "openleash-files-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withFile<T>(
  content: string,
  fn: (fh: Awaited<ReturnType<typeof open>>, size: number) => Promise<T>,
) {
  const path = join(dir, `f-${Math.random().toString(36).slice(2)}`);
  await writeFile(path, content);
  const fh = await open(path, "r");
  try {
    return await fn(fh, Buffer.byteLength(content));
  } finally {
    await fh.close();
  }
}

const LINES = ["a", "", "héllo wörld 😀", "x".repeat(50), "b", "ccc"];
const CONTENT = `${LINES.join("\n")}\n`;

describe("line readers", () => {
  it.each([1, 2, 3, 7, 64, 4096])("read forward with %i-byte chunks", async (chunk) => {
    const got = await withFile(`${CONTENT}tail-without-newline`, async (fh, size) => {
      const out = [];
      for await (const l of linesForward(fh, 0, size, chunk)) out.push(l);
      return out;
    });
    expect(got.map((l) => l.text)).toEqual([...LINES, "tail-without-newline"]);
    expect(got.map((l) => l.complete)).toEqual([...LINES.map(() => true), false]);
    expect(got[3]!.offset).toBe(Buffer.byteLength(`${LINES.slice(0, 3).join("\n")}\n`));
  });

  it.each([1, 2, 3, 7, 64, 4096])("read backward with %i-byte chunks", async (chunk) => {
    const got = await withFile(CONTENT, async (fh, size) => {
      const out = [];
      for await (const l of linesBackward(fh, size, chunk)) out.push(l);
      return out;
    });
    expect(got.map((l) => l.text)).toEqual([...LINES].reverse());
    const bytes = Buffer.from(CONTENT);
    for (const l of got) expect(bytes.toString("utf8", l.offset, l.offset + l.bytes)).toBe(`${l.text}\n`);
    const offsets = got.map((l) => l.offset).reverse();
    expect(offsets[0]).toBe(0);
    expect(offsets[2]).toBe(Buffer.byteLength("a\n\n"));
  });

  it("finds a seq by binary search, treating a cut-off prefix as the end", async () => {
    const lines = Array.from(
      { length: 2000 },
      (_, i) => `{"v":1,"seq":${i + 1},"pad":"${"p".repeat(i % 90)}"}`,
    );
    const body = `${lines.join("\n")}\n`;
    await withFile(`${body}{"v":1,"se`, async (fh, size) => {
      for (const target of [1, 2, 777, 1500, 2000]) {
        const off = await offsetOfSeq(fh, size, target, "f");
        expect(off).toBe(
          Buffer.byteLength(`${lines.slice(0, target - 1).join("\n")}${target > 1 ? "\n" : ""}`),
        );
      }
      expect(await offsetOfSeq(fh, size, 2001, "f")).toBe(Buffer.byteLength(body));
    });
  });

  it("does not mistake a write in progress for damage when the search lands on it", async () => {
    const small = Array.from({ length: 10 }, (_, i) => `{"v":1,"seq":${i + 1},"x":0}`);
    const big = `{"v":1,"seq":11,"pad":"${"p".repeat(150_000)}"}`;
    const body = `${[...small, big].join("\n")}\n`;
    await withFile(`${body}{"v":1,"se`, async (fh, size) => {
      expect(await offsetOfSeq(fh, size, 11, "f")).toBe(Buffer.byteLength(`${small.join("\n")}\n`));
      expect(await offsetOfSeq(fh, size, 12, "f")).toBe(Buffer.byteLength(body));
    });
    await withFile(
      `${body}garbage that is no record at all, long enough to fill the prefix\n`,
      async (fh, size) => {
        await expect(offsetOfSeq(fh, size, 12, "f")).rejects.toMatchObject({ code: "CORRUPT_LOG" });
      },
    );
  });
});
