import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze } from "../src/analyze.js";
import { scoreGold, type ScoreArticle } from "../src/eval/score.js";
import { toGold } from "../src/output/gold.js";

const SHARED = join(import.meta.dirname, "..", "..", "shared");
const GOLD = join(SHARED, "data", "news-dev", "articles.jsonl");
const SCORER = join(SHARED, "tools", "score-gold.mjs");
const present = existsSync(GOLD) && existsSync(SCORER);
if (!present)
  console.warn(`news-dev tests skipped: ${GOLD} is absent (it ships beside the repository in CI)`);

describe.skipIf(!present)("news-dev gold set (../shared)", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigie-dev-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const gold = present
    ? readFileSync(GOLD, "utf8")
        .split("\n")
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as ScoreArticle & { text: string; published?: string; lang?: string })
    : [];
  const pred = gold.map((g) => {
    const input: Parameters<typeof analyze>[0] = { id: g.id, text: g.text };
    if (g.lang) input.lang = g.lang;
    if (g.published) input.published = g.published;
    return toGold(analyze(input));
  });

  it("returns every article, with evidence that is an exact substring of its text", () => {
    expect(pred.map((p) => p.id)).toEqual(gold.map((g) => g.id));
    for (const p of pred) {
      for (const e of [...p.events, ...p.relations]) {
        expect(p.text.slice(e.evidence_span[0], e.evidence_span[1])).toBe(e.evidence);
        expect(p.text).toContain(e.evidence);
      }
    }
  });

  it("scores exactly as the reference scorer", () => {
    const predFile = join(dir, "pred.jsonl");
    writeFileSync(predFile, pred.map((p) => JSON.stringify(p)).join("\n") + "\n");
    const reference = JSON.parse(
      execFileSync(process.execPath, [SCORER, GOLD, predFile, "--json"], { encoding: "utf8" }),
    );
    const ours = scoreGold(new Map(gold.map((g) => [g.id, g])), new Map(pred.map((p) => [p.id, p])));
    expect(ours).toEqual(reference);
  });

  it("stays above the recorded floors (regression guard, see README)", () => {
    const r = scoreGold(new Map(gold.map((g) => [g.id, g])), new Map(pred.map((p) => [p.id, p])));
    console.info(
      `news-dev: entity F1 ${r.entities.f1}, mention F1 ${r.mentions.f1}, event F1 ${r.events.f1}, relation F1 ${r.relations.f1}`,
    );
    expect(r.entities.f1).toBeGreaterThanOrEqual(0.6);
    expect(r.events.f1).toBeGreaterThanOrEqual(0.3);
  });
});
