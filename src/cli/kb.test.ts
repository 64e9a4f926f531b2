import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "./test-utils/run.js";

const run = runCli;

const dir = mkdtempSync(join(tmpdir(), "vigie-kb-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Invented actors only. */
const KB = file(
  "militias.yaml",
  `actors:
  - name: Front de libération du Nord
    type: ORG
    country: MLI
    sector: REB
    aliases: [FLN-Nord]
    names:
      en: [Northern Liberation Front]
      es: [Frente de Liberación del Norte]
  - name: Amadou Kessery
    type: PER
    country: MLI
    roles:
      - {role: governor, country: MLI, sector: GOV, from: 2019-03-01, to: 2021-06-30}
`,
);

const BAD = file(
  "bad.yaml",
  `actors:
  - name: Front de libération du Nord
    type: ORG
    sector: REB
  - name: Brigade des collines
    type: ORG
    country: XYZ
`,
);

const DICTIONARY = file(
  "invented.actors.txt",
  [
    "# Invented dictionary",
    "NORTHERN_LIBERATION_FRONT_ [MLIREB]",
    "+FLN_NORD",
    "AMADOU_KESSERY_  # CountryInfo.txt",
    "\t[MLIGOV 190301-210630]",
    "CONVOY_GUARDS  [MLI/MIL]",
    "",
  ].join("\n"),
);

describe("vigie kb check", () => {
  it("accepts a valid file", async () => {
    const { code, out } = await run(["kb", "check", KB]);
    expect(code).toBe(0);
    expect(out).toContain("2 actors, 1 roles: ok");
  });

  it("reports the file and line of a problem (exit 1)", async () => {
    const { code, err } = await run(["kb", "check", BAD]);
    expect(code).toBe(1);
    expect(err).toBe(`vigie: ${BAD}:7: country: "XYZ" is not an ISO 3166 alpha-3 code\n`);
  });

  it("says which names a built-in entry also has", async () => {
    const shadow = file("shadow.yml", "- {name: Mali, id: mali-band, type: ORG, sector: MED}\n");
    const { code, err } = await run(["kb", "check", shadow]);
    expect(code).toBe(0);
    expect(err).toContain("1 actor(s) share a name with a built-in entry and come first for it: Mali");
  });
});

describe("vigie kb import", () => {
  it("writes YAML to stdout and counts to stderr", async () => {
    const { code, out, err } = await run(["kb", "import", "--petrarch", DICTIONARY]);
    expect(code).toBe(0);
    const doc = parse(out) as { actors: { name: string; type: string }[] };
    expect(doc.actors.map((a) => [a.name, a.type])).toEqual([
      ["Northern Liberation Front", "ORG"],
      ["Amadou Kessery", "PER"],
    ]);
    expect(err).toContain('skipped: invented.actors.txt:6: unknown code "MLI/MIL"');
    expect(err).toContain(
      "2 actors, 1 aliases, 1 date-bounded roles; 1 skipped constructs, 1 actors without",
    );
  });

  it("writes JSON with --out, which kb check accepts", async () => {
    const out = join(dir, "imported.json");
    const imported = await run(["kb", "import", "--petrarch", DICTIONARY, "--out", out]);
    expect(imported.code).toBe(0);
    expect(imported.out).toBe("");
    expect(JSON.parse(readFileSync(out, "utf8")).actors).toHaveLength(2);
    expect((await run(["kb", "check", out])).code).toBe(0);
  });

  it("refuses an unknown output extension and a missing dictionary (exit 2)", async () => {
    expect((await run(["kb", "import", "--petrarch", DICTIONARY, "--out", join(dir, "x.txt")])).code).toBe(2);
    expect((await run(["kb", "import", "--petrarch", join(dir, "absent.txt")])).code).toBe(2);
    expect((await run(["kb", "import"])).code).toBe(2);
  });
});

describe("vigie analyze --kb", () => {
  const TEXT = "Le Front de libération du Nord a attaqué mardi un convoi de l'armée près de Kidal.";

  it("recognises a user actor with the user's id, country and sector", async () => {
    const before = await run(
      ["analyze", "--format", "gold", "--lang", "fr", "--published", "2024-03-12", "-"],
      TEXT,
    );
    expect(before.code).toBe(0);
    const plain = JSON.parse(before.out).entities as { id: string }[];
    expect(plain.map((e) => e.id)).not.toContain("user:front-de-liberation-du-nord");

    const { code, out } = await run(
      ["analyze", "--kb", KB, "--format", "gold", "--lang", "fr", "--published", "2024-03-12", "-"],
      TEXT,
    );
    expect(code).toBe(0);
    const entities = JSON.parse(out).entities as {
      id: string;
      name: string;
      country?: string;
      sector?: string;
    }[];
    expect(entities.find((e) => e.id === "user:front-de-liberation-du-nord")).toMatchObject({
      name: "Front de libération du Nord",
      type: "ORG",
      country: "MLI",
      sector: "REB",
    });
  });

  it("reads the English name from the same file, after an input argument", async () => {
    const article = file("en.txt", "The Northern Liberation Front claimed the attack on Tuesday.");
    const { code, out } = await run(["analyze", "--format", "gold", "--lang", "en", article, "--kb", KB]);
    expect(code).toBe(0);
    expect(JSON.parse(out).entities.map((e: { id: string }) => e.id)).toContain(
      "user:front-de-liberation-du-nord",
    );
  });

  it("stops on a bad knowledge base with its file and line (exit 1)", async () => {
    const { code, out, err } = await run(["analyze", "--kb", BAD, "--lang", "fr", "-"], TEXT);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toContain(`${BAD}:7: country:`);
  });
});
