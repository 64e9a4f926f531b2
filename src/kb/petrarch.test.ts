import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isVigieError } from "../errors.js";
import { KnowledgeBase, rolesAt } from "./index.js";
import { displayName, importPetrarch, parsePetrarch, tabariDate } from "./petrarch.js";
import { formatUserKb, parseUserKb } from "./user.js";
import type { UserActor } from "./user.js";

/** An invented dictionary in the TABARI actor format. */
const SNIPPET = [
  "# Invented actors for the importer tests",
  "<!-- a block comment",
  "     spanning two lines -->",
  "NORTHERN_LIBERATION_FRONT_ [MLIREB]",
  "+FLN_NORD",
  "+FRONT_DE_LIBERATION_DU_NORD_ # French name",
  "",
  "AMADOU_KESSERY_  # CountryInfo.txt",
  "+GOVERNOR_KESSERY",
  "\t[MLIGOV 190301-210630]",
  "\t[MLIGOV >20210630]",
  "\t[MLIELI < 190301]",
  "MALI_ [MLI]",
  "+BAMAKO",
  "SAHEL_WATER_AGENCY_\t[IGOUNOENV]",
  "IDRISSA_TOURE_\t[IGOUNO 950101-031231] [ELI]",
  "KIDAL_HERALD [MLIMED] [---]",
  "BRIGADE_OF_THE_HILLS",
  "\t[ZZZREB]",
  "CONVOY_GUARDS  [MLI/MIL]",
  "CAMEL_CORPS [MLIMIL 2004017-20061201]",
  "CARAVAN_TRADERS [MNC]",
  "UNCODED_ACTOR_",
  "",
].join("\n");

const byName = (actors: UserActor[], name: string) => actors.find((a) => a.name === name);

describe("importPetrarch", () => {
  const { actors, stats, warnings } = parsePetrarch(SNIPPET, "test.actors.txt");

  it("reads names, aliases and codes", () => {
    expect(byName(actors, "Northern Liberation Front")).toEqual({
      id: "user:northern-liberation-front",
      name: "Northern Liberation Front",
      aliases: ["FLN Nord", "Front de Liberation du Nord"],
      names: { fr: [], en: [], es: [] },
      type: "ORG",
      country: "MLI",
      sector: "REB",
      roles: [],
      origin: "test.actors.txt:4",
    });
    expect(byName(actors, "Mali")).toMatchObject({ type: "GPE", country: "MLI", aliases: ["Bamako"] });
    expect(byName(actors, "Kidal Herald")).toMatchObject({ type: "ORG", country: "MLI", sector: "MED" });
    expect(byName(actors, "Caravan Traders")).toMatchObject({ type: "ORG", sector: "BUS" });
    expect(byName(actors, "Caravan Traders")?.country).toBeUndefined();
  });

  it("makes a person of a CountryInfo entry with date-bounded roles", () => {
    const kessery = byName(actors, "Amadou Kessery")!;
    expect(kessery).toMatchObject({ type: "PER", country: "MLI", aliases: ["Governor Kessery"] });
    expect(kessery.sector).toBeUndefined();
    expect(kessery.roles).toEqual([
      { role: "government", country: "MLI", sector: "GOV", from: "2019-03-01", to: "2021-06-30" },
      { role: "government", country: "MLI", sector: "GOV", from: "2021-07-01" },
      { role: "elite", country: "MLI", sector: "ELI", to: "2019-02-28" },
    ]);
  });

  it("reads IGO codes as organisations without a country", () => {
    expect(byName(actors, "Sahel Water Agency")).toMatchObject({ type: "ORG", sector: "IGO" });
    expect(byName(actors, "Sahel Water Agency")?.country).toBeUndefined();
    const toure = byName(actors, "Idrissa Toure")!;
    expect(toure).toMatchObject({ type: "PER", sector: "ELI" });
    expect(toure.roles).toEqual([
      { role: "official", org: "un", sector: "IGO", from: "1995-01-01", to: "2003-12-31" },
    ]);
  });

  it("keeps actors whose country is not a known one, without a country", () => {
    const brigade = byName(actors, "Brigade of the Hills")!;
    expect(brigade).toMatchObject({ type: "ORG", sector: "REB" });
    expect(brigade.country).toBeUndefined();
  });

  it("skips unknown codes and unreadable dates with a warning, and actors left without codes", () => {
    expect(byName(actors, "Convoy Guards")).toBeUndefined();
    expect(byName(actors, "Camel Corps")).toBeUndefined();
    expect(byName(actors, "Uncoded Actor")).toBeUndefined();
    expect(warnings).toEqual([
      'test.actors.txt:20: unknown code "MLI/MIL"',
      'test.actors.txt:21: unreadable date restriction "2004017-20061201" of MLIMIL',
    ]);
    expect(stats).toEqual({ actors: 8, aliases: 4, roles: 4, skipped: 2, uncoded: 3 });
  });

  it("writes a user knowledge base that validates", () => {
    const back = parseUserKb(formatUserKb(actors, "yaml"), "imported.yaml");
    expect(back.map((a) => a.id)).toEqual(actors.map((a) => a.id));
    const kb = new KnowledgeBase();
    kb.extend(back);
    expect(kb.lookupName("FLN Nord")[0]?.id).toBe("user:northern-liberation-front");
    const kessery = kb.lookupName("Governor Kessery")[0]!;
    expect(rolesAt(kessery, "2020-05-01").map((r) => r.sector)).toEqual(["GOV"]);
    expect(rolesAt(kessery, "2010-05-01").map((r) => r.sector)).toEqual(["ELI"]);
  });

  it("gives duplicate names distinct ids", () => {
    const twice = importPetrarch("KIDAL_HERALD [MLIMED]\nKIDAL_HERALD_ [MLIMED]\n", "x");
    expect(twice.map((a) => a.id)).toEqual(["user:kidal-herald", "user:kidal-herald-2"]);
  });

  it.each([
    ["+FLN_NORD\nMALI [MLI]\n", "x.txt:1: alias before any actor name"],
    ["\t[MLIGOV]\n", "x.txt:1: code before any actor name"],
    ["MALI [MLI]\nKIDAL_HERALD [MLIMED\n", 'x.txt:2: unclosed "[": "[MLIMED"'],
  ])("fails on a malformed line: %j", (text, message) => {
    try {
      importPetrarch(text, "x.txt");
      expect.unreachable();
    } catch (e) {
      expect(isVigieError(e) && e.code).toBe("KB_DATA");
      expect((e as Error).message).toBe(message);
    }
  });
});

describe("TABARI dates and names", () => {
  it("reads YYMMDD with the 30 pivot and YYYYMMDD", () => {
    expect(tabariDate("950601")).toBe("1995-06-01");
    expect(tabariDate("300101")).toBe("2030-01-01");
    expect(tabariDate("310101")).toBe("1931-01-01");
    expect(tabariDate("000229")).toBe("2000-02-29");
    expect(tabariDate("20130918")).toBe("2013-09-18");
    expect(tabariDate("2004017")).toBeUndefined();
    expect(tabariDate("20130231")).toBeUndefined();
  });

  it("title-cases words but not acronyms", () => {
    expect(displayName("THE_UNITED_NATIONS_", false)).toBe("The United Nations");
    expect(displayName("UNHCR_", false)).toBe("UNHCR");
    expect(displayName("UN_SECRETARY_GENERAL", false)).toBe("UN Secretary General");
    expect(displayName("AL-QAEDA", false)).toBe("Al-Qaeda");
    expect(displayName("BAN_KI-MOON", true)).toBe("Ban Ki-Moon");
    expect(displayName("K._ANNAN_", true)).toBe("K. Annan");
  });
});

const SHARED = fileURLToPath(
  new URL("../../../shared/data/events-cameo-petrarch2-dictionaries/", import.meta.url),
);
const hasShared = existsSync(SHARED);
if (!hasShared) console.warn(`skipping the PETRARCH2 dictionary imports: ${SHARED} is absent`);

describe.skipIf(!hasShared)("the PETRARCH2 dictionaries", () => {
  const load = (name: string) => parsePetrarch(readFileSync(`${SHARED}${name}`, "utf8"), name);

  it("imports the validation dictionary", () => {
    const { actors, stats } = load("PETR.Validate.actors.txt");
    expect(stats.actors).toBeGreaterThan(100);
    expect(stats.skipped).toBeLessThan(10);
    const gollum = byName(actors, "Gollum")!;
    expect(gollum.type).toBe("PER");
    expect(gollum.aliases).toContain("Smeagol");
    expect(gollum.roles).toContainEqual({
      role: "government",
      sector: "GOV",
      from: "1995-06-01",
      to: "1999-08-15",
    });
    expect(byName(actors, "International Criminal Police Organization")).toMatchObject({
      type: "ORG",
      sector: "IGO",
      aliases: ["Interpol"],
    });
    expect(byName(actors, "Australia")).toMatchObject({ type: "GPE", country: "AUS" });
  });

  it("imports the international actors, valid for the user knowledge base", () => {
    const { actors, stats } = load("Phoenix.International.actors.txt");
    expect(stats.actors).toBeGreaterThan(5000);
    expect(stats.roles).toBeGreaterThan(300);
    expect(stats.skipped).toBeLessThan(20);
    const unhcr = byName(actors, "UNHCR")!;
    expect(unhcr).toMatchObject({ type: "ORG", sector: "IGO" });
    expect(unhcr.country).toBeUndefined();
    const annan = byName(actors, "Kofi Annan")!;
    expect(annan.type).toBe("PER");
    expect(annan.roles).toContainEqual({
      role: "official",
      org: "un",
      sector: "IGO",
      from: "1997-01-01",
      to: "2006-12-31",
    });
    expect(parseUserKb(formatUserKb(actors, "json"), "international.json")).toHaveLength(actors.length);
  });
});
