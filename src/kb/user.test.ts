import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isVigieError } from "../errors.js";
import { KnowledgeBase, rolesAt } from "./index.js";
import { formatUserKb, loadUserKb, parseUserKb, userId } from "./user.js";
import type { UserActor } from "./user.js";

const dir = mkdtempSync(join(tmpdir(), "vigie-userkb-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Invented actors: a militia with names in three languages and a governor with two dated roles. */
const YAML_KB = `# Invented actors for the tests.
actors:
  - name: Front de libération du Nord
    type: ORG
    country: MLI
    sector: REB
    aliases: [FLN-Nord]
    names:
      en: [Northern Liberation Front]
      es: [Frente de Liberación del Norte]
  - name: Amadou Kessery
    id: kessery
    type: PER
    country: MLI
    roles:
      - role: governor
        country: MLI
        sector: GOV
        from: 2019-03-01
        to: 2021-06-30
      - role: minister
        org: gouvernement malien
        sector: GOV
        from: 2021-07-01
`;

function failure(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isVigieError(e) && e.code).toBe("KB_DATA");
    return (e as Error).message;
  }
  throw new Error("expected a KB_DATA error");
}

describe("loadUserKb", () => {
  it("reads a YAML file", () => {
    const actors = loadUserKb(file("kb.yaml", YAML_KB));
    expect(actors).toHaveLength(2);
    const [front, governor] = actors as [UserActor, UserActor];
    expect(front).toMatchObject({
      id: "user:front-de-liberation-du-nord",
      name: "Front de libération du Nord",
      type: "ORG",
      country: "MLI",
      sector: "REB",
      aliases: ["FLN-Nord"],
      names: { fr: [], en: ["Northern Liberation Front"], es: ["Frente de Liberación del Norte"] },
    });
    expect(front.origin).toMatch(/kb\.yaml:3$/u);
    expect(governor.id).toBe("kessery");
    expect(governor.roles).toEqual([
      { role: "governor", country: "MLI", sector: "GOV", from: "2019-03-01", to: "2021-06-30" },
      { role: "minister", org: "gouvernement malien", sector: "GOV", from: "2021-07-01" },
    ]);
  });

  it("reads the same actors from JSON, a bare list included", () => {
    const json = JSON.stringify(
      [
        {
          name: "Front de libération du Nord",
          type: "ORG",
          country: "MLI",
          sector: "REB",
          aliases: ["FLN-Nord"],
          names: { en: ["Northern Liberation Front"], es: ["Frente de Liberación del Norte"] },
        },
      ],
      null,
      2,
    );
    const [front] = loadUserKb(file("kb.json", json));
    expect(front).toMatchObject({ id: "user:front-de-liberation-du-nord", country: "MLI", sector: "REB" });
  });

  it("writes files it reads back", () => {
    const actors = parseUserKb(YAML_KB, "kb.yaml");
    for (const format of ["yaml", "json"] as const) {
      const again = parseUserKb(formatUserKb(actors, format), `again.${format}`);
      expect(again.map(({ origin: _o, ...a }) => a)).toEqual(actors.map(({ origin: _o, ...a }) => a));
    }
  });

  it("names the line of a bad ISO3 code", () => {
    const text = [
      "actors:",
      "  - name: Front de libération du Nord",
      "    type: ORG",
      "    sector: REB",
      "  - name: Brigade des collines",
      "    type: ORG",
      "    country: XYZ",
      "    sector: REB",
    ].join("\n");
    expect(failure(() => loadUserKb(file("iso.yaml", text)))).toBe(
      `${join(dir, "iso.yaml")}:7: country: "XYZ" is not an ISO 3166 alpha-3 code`,
    );
  });

  it.each([
    ["an unknown field", "    type: ORG\n    colour: red", 5, "colour: unknown field"],
    ["a bad type", "    type: GROUP", 4, 'type: "GROUP" is not one of PER, ORG, GPE, LOC, EVT'],
    ["a bad sector", "    type: ORG\n    sector: ARMY", 5, 'sector: "ARMY" is not a sector code'],
    [
      "a bad role date",
      "    type: ORG\n    roles: [{role: chief, from: 2021-02-30}]",
      5,
      'roles[0].from: "2021-02-30" is not',
    ],
    [
      "a role field",
      "    type: ORG\n    roles:\n      - role: chief\n        since: 2020-01-01",
      7,
      "roles[0].since: unknown field",
    ],
    ["an alias list", "    type: ORG\n    aliases: FLN", 5, "aliases: expected a list of strings"],
    ["a repeated field", "    type: ORG\n    type: PER", 5, "syntax: Map keys must be unique"],
  ])("names the line of %s", (_what, extra, line, message) => {
    const text = `actors:\n  - name: Brigade des collines\n    country: MLI\n${extra}\n`;
    const msg = failure(() => parseUserKb(text, "kb.yaml"));
    expect(msg.startsWith(`kb.yaml:${line}: ${message}`), msg).toBe(true);
  });

  it("rejects a role ending before it starts, on the line of `to`", () => {
    const text = [
      "- name: Amadou Kessery",
      "  type: PER",
      "  roles:",
      "    - role: governor",
      "      from: 2021-06-30",
      "      to: 2019-03-01",
    ].join("\n");
    expect(failure(() => parseUserKb(text, "kb.yml"))).toBe(
      "kb.yml:6: roles[0].to: 2019-03-01 is before from (2021-06-30)",
    );
  });

  it("rejects duplicate ids, given or made from the name", () => {
    const given =
      "- {name: A, id: same, type: ORG}\n- {name: B, type: ORG}\n- {name: C, id: same, type: ORG}\n";
    expect(failure(() => parseUserKb(given, "kb.yaml"))).toBe(
      'kb.yaml:3: id: duplicate id "same" (first on line 1)',
    );
    const made = "- {name: Brigade du Sud, type: ORG}\n- {name: Brigade du sud, type: ORG}\n";
    expect(failure(() => parseUserKb(made, "kb.yaml"))).toContain(
      'kb.yaml:2: id: duplicate id "user:brigade-du-sud"',
    );
  });

  it("names the line in JSON files, and of JSON syntax errors", () => {
    const json = `{\n  "actors": [\n    {\n      "name": "Brigade des collines",\n      "type": "ORG",\n      "country": "ZZZ"\n    }\n  ]\n}\n`;
    expect(failure(() => parseUserKb(json, "kb.json"))).toBe(
      'kb.json:6: country: "ZZZ" is not an ISO 3166 alpha-3 code',
    );
    const broken = `{\n  "actors": [\n    {"name": "A", "type": "ORG",}\n  ]\n}\n`;
    expect(failure(() => parseUserKb(broken, "kb.json"))).toMatch(/^kb\.json:3: syntax: /u);
  });

  it("requires name and type, a known extension and a list of actors", () => {
    expect(failure(() => parseUserKb("- type: ORG\n", "kb.yaml"))).toBe("kb.yaml:1: name: missing");
    expect(failure(() => parseUserKb("- name: A\n", "kb.yaml"))).toMatch(/^kb\.yaml:1: type: missing/u);
    expect(failure(() => parseUserKb("- name: A\n", "kb.txt"))).toContain("a .yaml, .yml or .json file");
    expect(failure(() => parseUserKb("people: []\n", "kb.yaml"))).toMatch(
      /^kb\.yaml:1: people: unknown field/u,
    );
    expect(failure(() => parseUserKb("actors:\n  name: A\n", "kb.yaml"))).toMatch(
      /^kb\.yaml:2: actors: expected a list/u,
    );
  });

  it("makes ids from names", () => {
    expect(userId("Front de libération du Nord")).toBe("user:front-de-liberation-du-nord");
    expect(userId("  ¡Frente — Norte!  ")).toBe("user:frente-norte");
  });
});

describe("KnowledgeBase.extend and rolesAt", () => {
  const kb = new KnowledgeBase();
  kb.extend(parseUserKb(YAML_KB, "kb.yaml"));
  kb.extend(parseUserKb("- {name: Mali, id: mali-band, type: ORG, sector: MED}\n", "band.yaml"));

  it("finds user actors by name, alias and per-language name", () => {
    for (const [text, lang] of [
      ["Front de libération du Nord", "fr"],
      ["front de liberation du nord", "fr"],
      ["FLN-Nord", "fr"],
      ["Northern Liberation Front", "en"],
      ["the Northern Liberation Front", "en"],
      ["Frente de Liberación del Norte", "es"],
    ] as const) {
      expect(kb.lookupName(text, lang)[0]?.id, text).toBe("user:front-de-liberation-du-nord");
    }
    const entry = kb.byId("user:front-de-liberation-du-nord")!;
    expect(entry).toMatchObject({ kind: "user", type: "ORG", country: "MLI", sector: "REB" });
    expect(kb.canStart("Northern")).toBe(true);
  });

  it("ranks a user entry first for a name the bundled KB has, keeping the bundled one", () => {
    expect(kb.lookupName("Mali", "fr").map((e) => e.id)).toEqual(["mali-band", "mli"]);
    expect(kb.lookupName("Mali", "en").map((e) => e.id)).toEqual(["mali-band", "mli"]);
  });

  it("refuses an id that is taken, adding nothing", () => {
    const actors = parseUserKb(
      "- {name: Brigade du Sud, type: ORG}\n- {name: Nations, id: un, type: ORG}\n",
      "x.yaml",
    );
    expect(() => kb.extend(actors)).toThrow('x.yaml:2: id: "un" is already a knowledge-base id');
    expect(kb.byId("user:brigade-du-sud")).toBeUndefined();
  });

  it("stores a role's organisation as the id its name has", () => {
    const roles = kb.byId("kessery")!.roles!;
    expect(roles[1]!.org).toBe("gov:mli");
  });

  it("gives the roles held on a date, bounds included, open ends allowed", () => {
    const governor = kb.byId("kessery")!;
    const at = (date: string) => rolesAt(governor, date).map((r) => r.role);
    expect(at("2018-12-31")).toEqual([]);
    expect(at("2019-02-28")).toEqual([]);
    expect(at("2019-03-01")).toEqual(["governor"]);
    expect(at("2020-06-15")).toEqual(["governor"]);
    expect(at("2021-06-30")).toEqual(["governor"]);
    expect(at("2021-07-01")).toEqual(["minister"]);
    expect(at("2035-01-01T08:00:00Z")).toEqual(["minister"]);
    expect(kb.rolesAt(governor, "2020-01-01")).toHaveLength(1);
    expect(rolesAt(kb.byId("mli")!, "2020-01-01")).toEqual([]);
    expect(() => rolesAt(governor, "yesterday")).toThrow("is not a YYYY-MM-DD date");
  });
});
