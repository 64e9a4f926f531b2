import { describe, expect, it } from "vitest";
import { isVigieError } from "../errors.js";
import { distanceKm, Gazetteer, loadGazetteer } from "./gazetteer.js";
import { geoKey, withoutArticle } from "./normalise.js";
import { emptyContext, resolveName } from "./resolve.js";

describe("geoKey", () => {
  it.each([
    ["Genève", "geneve"],
    ["Saint-Étienne", "saint etienne"],
    ["Ma’arrat  al-Nu’man", "ma'arrat al nu'man"],
    ["St. Paris", "st paris"],
    ["S.C.", "s c"],
  ])("%s → %s", (name, key) => expect(geoKey(name)).toBe(key));

  it("strips a leading article only on request", () => {
    expect(withoutArticle("la havane")).toBe("havane");
    expect(withoutArticle("l'aquila")).toBe("aquila");
    expect(withoutArticle("havane")).toBeUndefined();
  });
});

// A hand-made gazetteer in the built layout: two namesakes on two continents, a country, a region.
const PLACES = [
  "0\tFreedonia\t10.0000\t20.0000\tPCLI\tFRD\t\t10000000000",
  "0\tNorthmark\t40.0000\t-90.0000\tADM1\tSYL\tNM\t3000000",
  "101\tPortvale\t10.5000\t20.5000\tPPLC\tFRD\t01\t900000",
  "104\tAugsfeld\t48.0000\t10.0000\tPPLA\tGER\t02\t250000",
  "105\tAugustia\t33.0000\t-82.0000\tPPL\tSYL\tGA\t190000",
  "102\tPortvale\t40.1000\t-90.1000\tPPL\tSYL\tNM\t30000",
  "103\tOakridge\t40.3000\t-90.2000\tPPL\tSYL\tNM\t8000",
];
const KEYS = [
  "#capital:FRD\t2",
  "#country:FRD\t0",
  "#region:SYL.NM\t1",
  "augsfeld\t3",
  "augustia\t3,4",
  "fredonie\t0",
  "freedonia\t0",
  "n m\t1",
  "northmark\t1",
  "oakridge\t6",
  "port vale\t2",
  "portvale\t2,5",
];
const ROWS = [...PLACES, "%keys", ...KEYS].join("\n");

describe("Gazetteer", () => {
  const gaz = new Gazetteer(`${ROWS}\n`, "test");

  it("indexes every alternate key, most populous first", () => {
    expect(gaz.size).toBe(7);
    expect(gaz.candidates("Portvale").map((i) => gaz.place(i).geonameid)).toEqual([101, 102]);
    expect(gaz.candidates("Fredonie").map((i) => gaz.name(i))).toEqual(["Freedonia"]);
    expect(gaz.candidates("the Portvale")).toHaveLength(2);
    expect(gaz.candidates("Nowhere")).toEqual([]);
  });

  it("gives Geo records, without a geonameid for countries", () => {
    const port = gaz.candidates("Portvale")[0]!;
    expect(gaz.geo(port)).toEqual({ lat: 10.5, lon: 20.5, geonameid: 101, country: "FRD", feature: "PPLC" });
    expect(gaz.geo(gaz.countryRow("FRD")!)).toEqual({ lat: 10, lon: 20, country: "FRD", feature: "PCLI" });
    expect(gaz.capitalOf("FRD")).toBe(port);
    expect(gaz.regionOf(gaz.candidates("Oakridge")[0]!)).toBe(gaz.candidates("Northmark")[0]);
  });

  it("rejects a malformed place line with its line number", () => {
    try {
      new Gazetteer("1\tOnly\tthree\n%keys\nonly\t0\n", "bad.tsv").name(0);
      expect.unreachable();
    } catch (e) {
      expect(isVigieError(e) && e.code).toBe("GAZETTEER_DATA");
      expect((e as Error).message).toContain("bad.tsv:1");
    }
  });

  it("rejects a file without its name index", () => {
    expect(() => new Gazetteer("1\tOnly\n", "old.tsv")).toThrow(/old\.tsv: no "%keys" line/u);
  });

  it("names the missing file", () => {
    expect(() => loadGazetteer("/nonexistent/gazetteer.tsv")).toThrow(/gazetteer not found/u);
  });

  describe("resolveName", () => {
    it("prefers the capital without context", () => {
      expect(gaz.place(resolveName(gaz, "Portvale", emptyContext())!).geonameid).toBe(101);
    });
    it("follows the article's country focus", () => {
      const ctx = { focus: new Map([["SYL", 5]]), resolved: [] };
      expect(gaz.place(resolveName(gaz, "Portvale", ctx)!).geonameid).toBe(102);
    });
    it("follows a co-mentioned nearby place", () => {
      const ctx = { focus: new Map<string, number>(), resolved: gaz.candidates("Oakridge").slice() };
      expect(gaz.place(resolveName(gaz, "Portvale", ctx)!).geonameid).toBe(102);
    });
    it("obeys an explicit qualifier", () => {
      const ctx = { ...emptyContext(), within: { country: "SYL", admin1: "NM" } };
      expect(gaz.place(resolveName(gaz, "Portvale", ctx)!).geonameid).toBe(102);
    });
    it("prefers a place's own name to another's alternate name", () => {
      expect(gaz.place(resolveName(gaz, "Augustia", emptyContext())!).geonameid).toBe(105);
    });
    it("returns undefined for an unknown name", () => {
      expect(resolveName(gaz, "Atlantis", emptyContext())).toBeUndefined();
    });
  });
});

describe("distanceKm", () => {
  it.each([
    [0, 0, 0, 0, 0],
    [0, 0, 0, 1, 111.2],
    [48.8566, 2.3522, 51.5074, -0.1278, 343.6],
  ])("(%f,%f)-(%f,%f) ≈ %f km", (a, b, c, d, km) => expect(distanceKm(a, b, c, d)).toBeCloseTo(km, 0));
});

describe("the built gazetteer", () => {
  const gaz = loadGazetteer();
  it("holds the GeoNames towns with their French and Spanish names, and the countries", () => {
    expect(gaz.size).toBeGreaterThan(190000);
    for (const [name, country] of [
      ["Moscou", "RUS"],
      ["Moscú", "RUS"],
      ["Alep", "SYR"],
      ["Syrte", "LBY"],
      ["La Havane", "CUB"],
      ["Allemagne", "DEU"],
      ["Alemania", "DEU"],
    ] as const) {
      const i = resolveName(gaz, name, emptyContext());
      expect(i, name).toBeDefined();
      expect(gaz.country(i!), name).toBe(country);
    }
  });
  it("tells Tripoli of Libya from Tripoli of Lebanon by the article's focus", () => {
    const libya = resolveName(gaz, "Tripoli", { focus: new Map([["LBY", 3]]), resolved: [] })!;
    const lebanon = resolveName(gaz, "Tripoli", { focus: new Map([["LBN", 3]]), resolved: [] })!;
    expect(gaz.country(libya)).toBe("LBY");
    expect(gaz.country(lebanon)).toBe("LBN");
  });
});
