import { createWriteStream } from "node:fs";
import type * as Fs from "node:fs";
import type * as FsPromises from "node:fs/promises";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ArticleInput, type InputFailure, isInputFailure, readArticles } from "./read.js";

// Spies that still do the real work, so the tests can tell whether a file's content was read.
const spies = vi.hoisted(() => ({ readFile: vi.fn(), createReadStream: vi.fn() }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  spies.readFile.mockImplementation(actual.readFile);
  return { ...actual, readFile: spies.readFile };
});
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof Fs>();
  spies.createReadStream.mockImplementation(actual.createReadStream);
  return { ...actual, createReadStream: spies.createReadStream };
});

const MB = 1024 * 1024;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "vigie-large-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `total` bytes made of `unit` repeated, one megabyte at a time. */
async function writeRepeated(path: string, unit: string, total: number, suffix = ""): Promise<void> {
  const block = Buffer.from(unit.repeat(Math.ceil(MB / unit.length))).subarray(0, MB);
  const out = createWriteStream(path);
  for (let written = 0; written < total; written += MB) {
    if (!out.write(block.subarray(0, Math.min(MB, total - written)))) {
      await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
  }
  await new Promise<void>((resolve, reject) => out.end(suffix, () => resolve()).once("error", reject));
}

async function collect(paths: string[]): Promise<(ArticleInput | InputFailure)[]> {
  const out: (ArticleInput | InputFailure)[] = [];
  for await (const item of readArticles(paths)) out.push(item);
  return out;
}

describe("readArticles on large inputs", () => {
  it("refuses a 50 MB text file from its size alone", async () => {
    const path = join(dir, "huge.txt");
    await writeRepeated(
      path,
      "Les combats se sont poursuivis toute la nuit près de la frontière.\n",
      50 * MB,
    );
    spies.readFile.mockClear();
    spies.createReadStream.mockClear();

    const items = await collect([path]);

    expect(items).toHaveLength(1);
    const f = items[0] as InputFailure;
    expect(f.error.code).toBe("INPUT_TOO_LARGE");
    expect(f.error.message).toBe(
      `${path}: article is 52,428,800 bytes; the limit is 5,242,880 (split it or raise --max-bytes)`,
    );
    expect(spies.readFile).not.toHaveBeenCalled();
    expect(spies.createReadStream).not.toHaveBeenCalled();
  });

  it("streams a JSONL file, skipping a 50 MB line and reading the next one", async () => {
    const path = join(dir, "huge.jsonl");
    const small = JSON.stringify({ id: "after", text: "Le calme est revenu dans la capitale." });
    await writeRepeated(path, '{"id":"big","text":"' + "a".repeat(1000), 50 * MB, `"}\n${small}\n`);
    spies.readFile.mockClear();

    const items = await collect([path]);

    expect(items).toHaveLength(2);
    expect(isInputFailure(items[0]!) && items[0].error.message).toBe(
      `${path}:1: line is 52,428,802 bytes, too long for an article of at most 5,242,880 bytes (split it or raise --max-bytes)`,
    );
    expect(items[0]!.origin).toBe(`${path}:1`);
    expect(items[1]).toMatchObject({ id: "after", origin: `${path}:2` });
    expect(spies.readFile).not.toHaveBeenCalled();
  });
});
