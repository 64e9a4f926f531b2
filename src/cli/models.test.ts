import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./test-utils/run.js";
import { PACKAGE_ROOT } from "./models.js";

const run = runCli;

const dir = mkdtempSync(join(tmpdir(), "vigie-models-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (...cols: (string | number)[]) => cols.join("\t");

/** Three invented French sentences, gold-annotated; the second has "au" = à + le and an empty node. */
const GOLD_FR = [
  "# sent_id = t1",
  "# text = Marie lit un livre.",
  row(1, "Marie", "Marie", "PROPN", "_", "_", 2, "nsubj", "_", "_"),
  row(
    2,
    "lit",
    "lire",
    "VERB",
    "_",
    "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin",
    0,
    "root",
    "_",
    "_",
  ),
  row(3, "un", "un", "DET", "_", "Gender=Masc|Number=Sing", 4, "det", "_", "_"),
  row(4, "livre", "livre", "NOUN", "_", "Gender=Masc|Number=Sing", 2, "obj", "_", "SpaceAfter=No"),
  row(5, ".", ".", "PUNCT", "_", "_", 2, "punct", "_", "_"),
  "",
  "# sent_id = t2",
  "# text = Paul va au marché.",
  row(1, "Paul", "Paul", "PROPN", "_", "_", 2, "nsubj", "_", "_"),
  row(
    2,
    "va",
    "aller",
    "VERB",
    "_",
    "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin",
    0,
    "root",
    "_",
    "_",
  ),
  row("3-4", "au", "_", "_", "_", "_", "_", "_", "_", "_"),
  row(3, "à", "à", "ADP", "_", "_", 5, "case", "_", "_"),
  row(4, "le", "le", "DET", "_", "Gender=Masc|Number=Sing", 5, "det", "_", "_"),
  row(5, "marché", "marché", "NOUN", "_", "Gender=Masc|Number=Sing", 2, "obl", "_", "SpaceAfter=No"),
  row("5.1", "va", "aller", "VERB", "_", "_", "_", "_", "0:root", "_"),
  row(6, ".", ".", "PUNCT", "_", "_", 2, "punct", "_", "_"),
  "",
  "# sent_id = t3",
  row(1, "Il", "il", "PRON", "_", "Number=Sing|Person=3", 2, "nsubj", "_", "_"),
  row(
    2,
    "dort",
    "dormir",
    "VERB",
    "_",
    "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin",
    0,
    "root",
    "_",
    "_",
  ),
  "",
].join("\n");

/** The same sentences with only ID and FORM (and the lines that must pass through unchanged). */
const BARE_FR = GOLD_FR.split("\n")
  .map((l) => {
    const cols = l.split("\t");
    if (cols.length !== 10 || !/^\d+$/u.test(cols[0]!)) return l;
    return row(cols[0]!, cols[1]!, "_", "_", "_", "_", "_", "_", "_", cols[9]!);
  })
  .join("\n");

const NER_EN = [
  "-DOCSTART- -X- O O",
  "",
  "Angela NNP B-PER",
  "Merkel NNP I-PER",
  "visited VBD O",
  "Paris NNP B-LOC",
  "on IN O",
  "Monday NNP O",
  ". . O",
  "",
  "The DT O",
  "United NNP B-ORG",
  "Nations NNP I-ORG",
  "met VBD O",
  "in IN O",
  "Geneva NNP B-LOC",
  ". . O",
  "",
].join("\n");

describe("vigie parse", () => {
  it("--conllu keeps IDs, forms, comments, multiword and empty-node lines, and fills the columns", async () => {
    const file = join(dir, "bare.conllu");
    writeFileSync(file, BARE_FR);
    const { code, out, err } = await run(["parse", "--lang", "fr", "--conllu", file]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const inBlocks = BARE_FR.trim().split("\n\n");
    const outBlocks = out.trim().split("\n\n");
    expect(outBlocks).toHaveLength(3);
    outBlocks.forEach((block, b) => {
      const inLines = inBlocks[b]!.split("\n");
      const outLines = block.split("\n");
      expect(outLines).toHaveLength(inLines.length);
      const words = outLines.filter((l) => /^\d+\t/u.test(l)).length;
      outLines.forEach((l, i) => {
        const given = inLines[i]!;
        if (given.startsWith("#") || /^\d+[-.]\d+\t/u.test(given)) {
          expect(l).toBe(given);
          return;
        }
        const cols = l.split("\t");
        const gcols = given.split("\t");
        expect(cols).toHaveLength(10);
        expect(cols.slice(0, 2)).toEqual(gcols.slice(0, 2));
        expect(cols[9]).toBe(gcols[9]);
        for (const c of [2, 3, 7]) expect(cols[c]).not.toBe("_");
        const head = Number(cols[6]);
        expect(Number.isInteger(head) && head >= 0 && head <= words && head !== Number(cols[0])).toBe(true);
      });
      expect(
        outLines.filter((l) => /^\d+\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t0\t/u.test(l)),
      ).toHaveLength(1);
    });
  });

  it("tokenises raw text into one CoNLL-U block per sentence", async () => {
    const { code, out } = await run(
      ["parse", "--lang", "en", "-"],
      "Rebels attacked an army base near Goma on Monday. The United Nations condemned the attack.",
    );
    expect(code).toBe(0);
    const blocks = out.trim().split("\n\n");
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain(
      "# sent_id = 1\n# text = Rebels attacked an army base near Goma on Monday.\n",
    );
    expect(blocks[1]).toContain("# text = The United Nations condemned the attack.");
    const words = blocks[0]!.split("\n").filter((l) => !l.startsWith("#"));
    expect(words.map((l) => l.split("\t")[1])).toEqual([
      ...["Rebels", "attacked", "an", "army", "base", "near", "Goma", "on", "Monday", "."],
    ]);
    for (const l of words) expect(l.split("\t")).toHaveLength(10);
    expect(words[8]!.split("\t")[9]).toBe("SpaceAfter=No");
  });
});

describe("vigie ner", () => {
  it("writes every line back with a TAB and an IOB2 tag, blank and -DOCSTART- lines unchanged", async () => {
    const input = NER_EN.split("\n")
      .map((l) => (l === "" || l.startsWith("-DOCSTART-") ? l : l.split(" ").slice(0, 2).join(" ")))
      .join("\n");
    const file = join(dir, "tokens.conll");
    writeFileSync(file, input);
    const { code, out } = await run(["ner", "--lang", "en", "--conll", file]);
    expect(code).toBe(0);
    const inLines = input.split("\n").slice(0, -1);
    const outLines = out.split("\n").slice(0, -1);
    expect(outLines).toHaveLength(inLines.length);
    outLines.forEach((l, i) => {
      const given = inLines[i]!;
      if (given === "" || given.startsWith("-DOCSTART-")) expect(l).toBe(given);
      else {
        expect(l.startsWith(`${given}\t`)).toBe(true);
        expect(l.slice(given.length + 1)).toMatch(/^(?:O|[BI]-(?:PER|ORG|LOC|MISC))$/u);
      }
    });
    expect(out).toContain("Merkel NNP\tI-PER\n");
  });
});

describe("vigie eval parse / ner", () => {
  it("scores a small CoNLL-U file, as a table and as JSON", async () => {
    const file = join(dir, "gold.conllu");
    writeFileSync(file, GOLD_FR);
    const text = await run(["eval", "parse", "--lang", "fr", file]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^UAS +\d+\.\d\d +\d+\.\d\d$/mu);
    const { code, out } = await run(["eval", "parse", "--lang", "fr", "--json", file]);
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r).toMatchObject({ lang: "fr", sentences: 3, tokens: 12, words: 13 });
    for (const v of [...Object.values(r.tokenScores), ...Object.values(r.wordScores)]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(100);
    }
  });

  it("scores a small CoNLL NER file, leaving MISC out of the overall figure unless asked", async () => {
    const file = join(dir, "gold.conll");
    writeFileSync(file, NER_EN.replace("Monday NNP O", "Monday NNP B-MISC"));
    const text = await run(["eval", "ner", "--lang", "en", file]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^overall \(LOC, ORG, PER\)( +\d+(?:\.\d\d)?){5}$/mu);
    const r = JSON.parse((await run(["eval", "ner", "--lang", "en", "--json", file])).out);
    expect(r.ignoreMisc).toBe(true);
    expect(r.overall.gold).toBe(4);
    expect(r.types.MISC.gold).toBe(1);
    for (const s of [r.overall, ...Object.values(r.types)] as { precision: number; f1: number }[]) {
      expect(s.precision).toBeGreaterThanOrEqual(0);
      expect(s.f1).toBeLessThanOrEqual(1);
    }
    const all = JSON.parse(
      (await run(["eval", "ner", "--lang", "en", "--json", "--no-ignore-misc", file])).out,
    );
    expect(all.overall.gold).toBe(5);
  });
});

describe("model commands: bad input", () => {
  it("names a missing input file (exit 2)", async () => {
    const missing = join(dir, "nope.conllu");
    for (const argv of [
      ["parse", "--lang", "fr", "--conllu", missing],
      ["ner", "--lang", "fr", "--conll", missing],
      ["eval", "parse", "--lang", "fr", missing],
      ["eval", "ner", "--lang", "fr", missing],
    ]) {
      const { code, err } = await run(argv);
      expect(code).toBe(2);
      expect(err).toContain(missing);
    }
  });

  it("refuses an unsupported language and a bad argument combination (exit 2)", async () => {
    expect((await run(["parse", "--lang", "de", "-"], "Hallo.")).code).toBe(2);
    expect((await run(["eval", "ner", "--lang", "it", "x.conll"])).code).toBe(2);
    expect((await run(["train", "tagger", "--lang", "pt"])).code).toBe(2);
    expect((await run(["train", "lexicon", "--lang", "fr"])).code).toBe(2);
    expect((await run(["parse", "--lang", "fr"])).code).toBe(2);
  });

  it("reports a malformed CoNLL-U line as file:line (exit 1)", async () => {
    const file = join(dir, "bad.conllu");
    writeFileSync(file, `${row(1, "Le", "_", "_", "_", "_", "_", "_", "_", "_")}\n1\tchat\t_\n`);
    const { code, err } = await run(["parse", "--lang", "fr", "--conllu", file]);
    expect(code).toBe(1);
    expect(err).toContain(`${file}:2: expected 10 tab-separated columns, got 3`);
    writeFileSync(file, GOLD_FR.replace("\t2\tobj\t", "\t9\tobj\t"));
    const gold = await run(["eval", "parse", "--lang", "fr", file]);
    expect(gold.code).toBe(1);
    expect(gold.err).toContain(`${file}:6: HEAD "9"`);
    const ner = join(dir, "bad.conll");
    writeFileSync(ner, "Paris B-LOC\nParis\n");
    const n = await run(["eval", "ner", "--lang", "fr", ner]);
    expect(n.code).toBe(1);
    expect(n.err).toContain(`${ner}:2:`);
  });

  it("names the expected weight file when a model is missing (exit 1)", async () => {
    const { code, err } = await run(["ner", "--lang", "es", "--conll", "-", "--models", dir], "Madrid\n");
    expect(code).toBe(1);
    expect(err).toContain(join(dir, "es", "ner.bin"));
  });

  it("train: names a missing data folder (exit 2)", async () => {
    const data = join(dir, "no-data");
    const { code, err } = await run(["train", "ner", "--lang", "en", "--data", data, "--out", dir]);
    expect(code).toBe(2);
    expect(err).toContain(data);
  });
});

const SHARED = resolve(PACKAGE_ROOT, "../shared/data");
const report = (lang: string, kind: string) =>
  JSON.parse(readFileSync(resolve(PACKAGE_ROOT, "models", lang, `${kind}.json`), "utf8"));

describe("shared corpora (skipped when ../shared/data is absent)", () => {
  const have = existsSync(SHARED);
  if (!have) console.warn(`models.test: ${SHARED} not found, shared-corpus checks skipped`);

  it.skipIf(!have)("eval ner --lang en on CoNLL-03 eng.testa is near models/en/ner.json", async () => {
    const { code, out } = await run([
      "eval",
      "ner",
      "--lang",
      "en",
      "--json",
      join(SHARED, "ner-en-conll2003/eng.testa.txt"),
    ]);
    expect(code).toBe(0);
    const r = JSON.parse(out);
    const dev = report("en", "ner").dev.spans;
    for (const t of ["PER", "ORG", "LOC"]) expect(r.types[t].f1).toBeGreaterThan(dev[t].f1 - 0.01);
    expect(r.overall.f1).toBeGreaterThan(Math.min(dev.PER.f1, dev.ORG.f1, dev.LOC.f1));
  });

  it.skipIf(!have)("eval parse --lang fr on Sequoia dev is near models/fr/{tagger,parser}.json", async () => {
    const { code, out } = await run([
      "eval",
      "parse",
      "--lang",
      "fr",
      "--json",
      join(SHARED, "ud-fr-sequoia/fr_sequoia-ud-dev.conllu"),
    ]);
    expect(code).toBe(0);
    const r = JSON.parse(out).tokenScores;
    const tagger = report("fr", "tagger").dev;
    const parser = report("fr", "parser").dev;
    // The reports' dev set adds ParTUT dev to Sequoia dev, hence a floor two points under them.
    expect(r.upos).toBeGreaterThan(tagger.upos - 2);
    expect(r.lemma).toBeGreaterThan(tagger.lemma - 2);
    expect(r.uas).toBeGreaterThan(parser.uas - 2);
    expect(r.las).toBeGreaterThan(parser.las - 2);
  });
});
