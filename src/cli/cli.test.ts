import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./test-utils/run.js";

const run = runCli;

const dir = mkdtempSync(join(tmpdir(), "vigie-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FR = "Le président turc Recep Tayyip Erdogan a rencontré mardi à Ankara le Premier ministre grec.";

describe("vigie analyze", () => {
  it("writes one gold line per article, in input order, with exact evidence", async () => {
    const file = join(dir, "two.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({ id: "b", lang: "fr", published: "2024-01-10", text: FR, gold_field: "ignored" }),
        JSON.stringify({
          id: "a",
          text: "Rebels attacked an army base near Goma on Monday, the United Nations said.",
        }),
      ].join("\n"),
    );
    const { code, out } = await run(["analyze", "--format", "gold", file]);
    expect(code).toBe(0);
    const rows = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(["b", "a"]);
    expect(rows[1].lang).toBe("en");
    for (const r of rows) {
      for (const e of [...r.events, ...r.relations]) expect(r.text).toContain(e.evidence);
      for (const ent of r.entities)
        for (const [s, e] of ent.spans)
          expect(ent.mentions.map((m: string) => m.toLowerCase())).toContain(
            r.text.slice(s, e).toLowerCase(),
          );
    }
    const names = rows[0].entities.map((e: { name: string }) => e.name);
    expect(names).toContain("Recep Tayyip Erdogan");
    expect(names).toContain("Ankara");
  });

  it("reads stdin text with --lang and --published", async () => {
    const { code, out } = await run(
      ["analyze", "--format", "gold", "--lang", "fr", "--published", "2024-01-10", "-"],
      FR,
    );
    expect(code).toBe(0);
    expect(JSON.parse(out).published).toBe("2024-01-10");
  });

  it("reports a broken JSONL line and goes on with the rest (exit 1)", async () => {
    const file = join(dir, "broken.jsonl");
    writeFileSync(
      file,
      `${JSON.stringify({ id: "ok1", lang: "en", text: "Hamas fired rockets at Israel." })}\n{"id": "bad", "text": \n${JSON.stringify({ id: "ok2", lang: "en", text: "Israel bombed Gaza." })}\n`,
    );
    const { code, out, err } = await run(["analyze", "--format", "gold", file]);
    expect(code).toBe(1);
    expect(
      out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).id),
    ).toEqual(["ok1", "ok2"]);
    expect(err).toContain("broken.jsonl:2");
    expect(err).not.toMatch(/\n\s+at /u);
  });

  it.each([
    [
      "binary.txt",
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
      /binary/i,
    ],
    ["empty.txt", Buffer.from(""), /empty/i],
    ["latin.txt", Buffer.from([0x41, 0xc3, 0x28, 0x42, 0xff, 0xfe, 0x00]), /binary|UTF-8/i],
  ])("refuses %s with a message naming it", async (name, bytes, message) => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    const { code, err } = await run(["analyze", file]);
    expect(code).toBe(1);
    expect(err).toContain(name);
    expect(err).toMatch(message);
  });

  it("refuses an unsupported language clearly", async () => {
    const { code, err } = await run(["analyze", "--lang", "de", "-"], "Die Regierung hat heute zugestimmt.");
    expect(code).toBe(1);
    expect(err).toMatch(/not supported/u);
  });

  it("exits 2 on usage errors and 0 on --help", async () => {
    expect((await run(["analyze", "--format", "xml"])).code).toBe(2);
    expect((await run(["frobnicate"])).code).toBe(2);
    const help = await run(["analyze", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("--format");
  });
});

describe("vigie analyze options", () => {
  it("refuses --id with several inputs (exit 2)", async () => {
    const a = join(dir, "a.txt");
    const b = join(dir, "b.txt");
    writeFileSync(a, "Hamas fired rockets at Israel.");
    writeFileSync(b, "Israel bombed Gaza.");
    const { code, err } = await run(["analyze", "--id", "x", a, b]);
    expect(code).toBe(2);
    expect(err).toMatch(/--id/u);
  });

  it("writes the full document with --format json", async () => {
    const { code, out } = await run(
      ["analyze", "--format", "json", "--lang", "en", "-"],
      "Hamas fired rockets at Israel.",
    );
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.tokens.length).toBeGreaterThan(3);
    for (const t of doc.tokens) expect(doc.text.slice(t.start, t.end)).toBe(t.text);
  });
});

describe("vigie eval events", () => {
  it("scores a prediction file against a gold file", async () => {
    const gold = join(dir, "gold.jsonl");
    const text = "Hamas fired rockets at Israel on Monday.";
    writeFileSync(
      gold,
      JSON.stringify({
        id: "g1",
        lang: "en",
        published: "2024-05-08",
        text,
        entities: [
          { id: "hamas", name: "Hamas", type: "ORG", mentions: ["Hamas"] },
          { id: "isr", name: "Israel", type: "GPE", mentions: ["Israel"] },
        ],
        events: [
          { type: "ASSAULT", source: ["hamas"], target: ["isr"], modality: "asserted", evidence: text },
        ],
        relations: [],
      }) + "\n",
    );
    const { code, out } = await run(["eval", "events", "--gold", gold, "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.entities.f1).toBe(1);
    expect(report.events.tp).toBe(1);
  });

  it("exits 2 when the gold file does not exist", async () => {
    const { code, err } = await run(["eval", "events", "--gold", join(dir, "missing.jsonl")]);
    expect(code).toBe(2);
    expect(err).toContain("missing.jsonl");
  });
});
