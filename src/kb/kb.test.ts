import { describe, expect, it } from "vitest";
import type { Lang } from "../doc/types.js";
import organisations from "./data/organisations.json" with { type: "json" };
import { loadKnowledgeBase } from "./index.js";

const kb = loadKnowledgeBase();
const first = (text: string, lang?: Lang) => kb.lookupName(text, lang)[0]?.id;

describe("lookupName", () => {
  const cases: [Lang | undefined, string, string][] = [
    ["fr", "Russie", "rus"],
    ["fr", "la Libye", "lby"],
    ["fr", "États-Unis", "usa"],
    ["fr", "Etats-Unis", "usa"],
    ["fr", "États-Unis d’Amérique", "usa"],
    ["fr", "Côte d'Ivoire", "civ"],
    ["fr", "Côte-d'Ivoire", "civ"],
    ["fr", "Grande-Bretagne", "gbr"],
    ["fr", "RDC", "cod"],
    ["fr", "Moscou", "city:rus-capital"],
    ["fr", "Le Caire", "city:egy-capital"],
    ["fr", "Pékin", "city:chn-capital"],
    ["fr", "Mexico", "city:mex-capital"],
    ["fr", "Nations unies", "un"],
    ["fr", "l'ONU", "un"],
    ["fr", "OTAN", "nato"],
    ["fr", "UE", "eu"],
    ["fr", "EI", "isis"],
    ["fr", "Daech", "isis"],
    ["fr", "ANL", "lna-libya"],
    ["fr", "Armée nationale libyenne", "lna-libya"],
    ["fr", "AQMI", "aqim"],
    ["fr", "Cédéao", "ecowas"],
    ["fr", "gouvernement turc", "gov:tur"],
    ["fr", "gouvernement de la Turquie", "gov:tur"],
    ["fr", "l'armée russe", "mil:rus"],
    ["fr", "forces armées soudanaises", "saf-sudan"],
    ["en", "Russia", "rus"],
    ["en", "U.S.", "usa"],
    ["en", "US", "usa"],
    ["en", "the United States", "usa"],
    ["en", "UK", "gbr"],
    ["en", "Turkey", "tur"],
    ["en", "UN", "un"],
    ["en", "the U.N.", "un"],
    ["en", "NATO", "nato"],
    ["en", "IS", "isis"],
    ["en", "Islamic State", "isis"],
    ["en", "LNA", "lna-libya"],
    ["en", "Rapid Support Forces", "rsf-sudan"],
    ["en", "Mexico", "mex"],
    ["en", "Washington", "city:usa-capital"],
    ["en", "Russian forces", "mil:rus"],
    ["en", "Turkish government", "gov:tur"],
    ["es", "Estados Unidos", "usa"],
    ["es", "EE.UU.", "usa"],
    ["es", "Reino Unido", "gbr"],
    ["es", "Rusia", "rus"],
    ["es", "Libia", "lby"],
    ["es", "Naciones Unidas", "un"],
    ["es", "ONU", "un"],
    ["es", "El Cairo", "city:egy-capital"],
    ["es", "Moscú", "city:rus-capital"],
    ["es", "Moscu", "city:rus-capital"],
    ["es", "Seúl", "city:kor-capital"],
    [undefined, "Malé", "city:mdv-capital"],
    ["es", "ejército de Malí", "mil:mli"],
    [undefined, "EE.UU.", "usa"],
    [undefined, "ONU", "un"],
    [undefined, "la Libye", "lby"],
  ];
  it.each(cases)("[%s] %s → %s", (lang, text, id) => {
    expect(first(text, lang)).toBe(id);
  });

  it("gives capitals their country", () => {
    const [moscow] = kb.lookupName("Moscou", "fr");
    expect(moscow).toMatchObject({ type: "GPE", capitalOf: "RUS", country: "RUS", name: "Moscow" });
    expect(moscow?.latlng).toHaveLength(2);
  });

  it("describes organisations", () => {
    expect(kb.lookupName("Hezbollah")[0]).toMatchObject({ type: "ORG", country: "LBN", sector: "INS" });
    expect(kb.lookupName("AFP")[0]).toMatchObject({ id: "afp", sector: "MED" });
    expect(kb.lookupName("Nations unies")[0]).toMatchObject({ name: "United Nations", sector: "IGO" });
  });

  it("returns every reading of an ambiguous acronym", () => {
    expect(kb.lookupName("RSF").map((e) => e.id)).toEqual(expect.arrayContaining(["rsf-sudan", "rsf-ngo"]));
  });

  const negatives: [Lang | undefined, string][] = [
    ["fr", "Le"],
    ["fr", "Président"],
    ["fr", "la"],
    ["fr", "réunion"],
    ["fr", "Réunion"],
    ["fr", "Onu"],
    ["fr", "Seul"],
    ["fr", "Dominique"],
    ["en", "Male"],
    ["en", "us"],
    ["en", "Us"],
    ["en", "is"],
    ["en", "Is"],
    ["en", "who"],
    ["en", "The"],
    ["en", "Island"],
    ["es", "granada"],
    ["es", "ola"],
    ["es", "fama"],
    [undefined, ""],
    [undefined, "   "],
  ];
  it.each(negatives)("[%s] %s → nothing", (lang, text) => {
    expect(kb.lookupName(text, lang)).toEqual([]);
  });
});

describe("demonym", () => {
  const cases: [Lang, string, string, ("m" | "f")?, ("sg" | "pl")?][] = [
    ["fr", "turques", "TUR", "f", "pl"],
    ["fr", "turc", "TUR", "m", "sg"],
    ["fr", "turcs", "TUR", "m", "pl"],
    ["fr", "russe", "RUS", undefined, "sg"],
    ["fr", "russes", "RUS", undefined, "pl"],
    ["fr", "sénégalais", "SEN", "m", undefined],
    ["fr", "américaine", "USA", "f", "sg"],
    ["fr", "Turcs", "TUR", "m", "pl"],
    ["en", "Turkish", "TUR"],
    ["en", "Russian", "RUS"],
    ["en", "Americans", "USA", undefined, "pl"],
    ["en", "Dutch", "NLD"],
    ["es", "libios", "LBY", "m", "pl"],
    ["es", "libia", "LBY", "f", "sg"],
    ["es", "turcas", "TUR", "f", "pl"],
    ["es", "estadounidense", "USA", undefined, "sg"],
    ["es", "francesas", "FRA", "f", "pl"],
    ["es", "maliense", "MLI", undefined, "sg"],
    ["es", "afgano", "AFG", "m", "sg"],
  ];
  it.each(cases)("[%s] %s → %s", (lang, word, iso3, gender, number) => {
    const d = kb.demonym(word, lang);
    expect(d?.iso3).toBe(iso3);
    expect(d?.gender).toBe(gender);
    expect(d?.number).toBe(number);
  });

  it("prefers the sovereign, larger country for shared forms", () => {
    expect(kb.demonym("congolais", "fr")?.iso3).toBe("COD");
  });

  const negatives: [Lang, string][] = [
    ["es", "Libia"],
    ["fr", "Suisse"],
    ["fr", "président"],
    ["en", "polish"],
    ["en", "is"],
  ];
  it.each(negatives)("[%s] %s → nothing", (lang, word) => {
    expect(kb.demonym(word, lang)).toBeUndefined();
  });
});

describe("country", () => {
  it("returns the record with capital and coordinates", () => {
    const fra = kb.country("FRA");
    expect(fra?.names.fr).toContain("France");
    expect(fra?.capital?.names.es).toContain("París");
    expect(fra?.latlng).toHaveLength(2);
    expect(kb.country("fra")?.iso3).toBe("FRA");
    expect(kb.country("XXX")).toBeUndefined();
  });

  it("covers every ISO country", () => {
    expect(kb.country("SSD")?.independent).toBe(true);
    expect(kb.country("PSE")?.capital?.name).toBe("Ramallah");
  });
});

describe("data", () => {
  const sectors = new Set([
    "IGO",
    "GOV",
    "MIL",
    "REB",
    "INS",
    "PTY",
    "MED",
    "NGO",
    "BUS",
    "COP",
    "JUD",
    "LEG",
    "CVL",
    "UAF",
  ]);

  it("has unique organisation ids that do not shadow countries, valid sectors and parents", () => {
    const ids = new Set(organisations.map((o) => o.id));
    expect(ids.size).toBe(organisations.length);
    expect(organisations.length).toBeGreaterThanOrEqual(150);
    for (const o of organisations) {
      expect(kb.country(o.id), o.id).toBeUndefined();
      expect(sectors.has(o.sector), o.id).toBe(true);
      if ("parent" in o && o.parent) expect(ids.has(o.parent), o.id).toBe(true);
      if ("country" in o && o.country) expect(kb.country(o.country), o.id).toBeDefined();
      for (const lang of ["fr", "en", "es"] as const) {
        for (const n of o.names[lang]) expect(n, o.id).not.toMatch(/^(?:le|la|les|the|el|los|las) |^l'/iu);
      }
    }
  });

  it("exposes the longest name length", () => {
    expect(kb.maxNameTokens).toBeGreaterThanOrEqual(6);
    expect(kb.maxNameTokens).toBeLessThan(30);
  });

  it("loads once", () => {
    expect(loadKnowledgeBase()).toBe(kb);
  });
});
