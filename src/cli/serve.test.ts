import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "./main.js";
import { stopServing } from "./serve.js";
import { runCli } from "./test-utils/run.js";

const dir = mkdtempSync(join(tmpdir(), "vigie-serve-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts a serving command through main() and returns its URL once it prints it. */
async function startServing(
  argv: string[],
): Promise<{ url: string; done: Promise<number>; out: () => string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stderr.on("data", (d) => (err += String(d)));
  const url = new Promise<string>((resolve) => {
    stdout.on("data", (d) => {
      out += String(d);
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
  });
  const done = main(argv, { stdout, stderr, stdin: Readable.from([""]) });
  const first = await Promise.race([url, done.then((code) => `exit ${code}: ${err}`)]);
  if (!first.startsWith("http")) throw new Error(first);
  return { url: first, done, out: () => out };
}

describe("vigie serve", () => {
  it("serves the API over the given store on a free loopback port and stops cleanly", async () => {
    const s = await startServing(["serve", "--db", join(dir, "serve.db"), "--port", "0", "--token", "t0k"]);
    const health = (await (await fetch(new URL("/api/health", s.url))).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, store: "sqlite", writable: true });
    expect(s.out()).toContain("writes need the bearer token");
    stopServing();
    expect(await s.done).toBe(0);
  });

  it.each([
    [["serve", "--port", "99999"], "--port"],
    [["serve", "--port", "http"], "--port"],
    [["serve", "--max-bytes", "lots", "--port", "0"], "--max-bytes"],
  ])("refuses %j with exit code 2", async (argv, word) => {
    const r = await runCli([...argv, "--db", join(dir, "bad.db")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(word);
  });

  it.each([
    ["an unsupported database URL", "mysql://nobody@localhost/x", 2, "mysql://"],
    ["a database path that cannot be opened", join(dir, "no-such-folder", "x.db"), 1, "no-such-folder"],
  ])("reports %s", async (_what, db, code, word) => {
    const r = await runCli(["serve", "--db", db, "--port", "0"]);
    expect(r.code).toBe(code);
    expect(r.err).toContain(word);
  });
});

describe("vigie demo", () => {
  it("--no-serve analyses the examples and stops without storing anything", async () => {
    const r = await runCli(["demo", "--no-serve"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/6 example articles analysed/);
    expect(r.out).not.toContain("stored in");
  });

  it("stores the examples once and serves the page", async () => {
    const db = join(dir, "demo.db");
    const s = await startServing(["demo", "--db", db, "--port", "0"]);
    expect(s.out()).toContain("6 new articles stored");
    const stats = (await (await fetch(new URL("/api/stats", s.url))).json()) as Record<string, number>;
    expect(stats.articles).toBe(6);
    stopServing();
    expect(await s.done).toBe(0);
    const again = await runCli(["demo", "--db", db, "--no-serve"]);
    expect(again.out).toContain("0 new articles stored");
  });
});
