import { describe, expect, it } from "vitest";
import type { Lang } from "../doc/types.js";
import { runCli } from "../cli/test-utils/run.js";
import { run } from "../test-utils/analyze.js";
import { ACLED_HEADER, CAMEO_HEADER, toAcled, toCameo, toGeoJsonFeatures, toPlover } from "./exports.js";

const TEXT = "Hier, l'armée russe a bombardé Kiev. La Turquie a condamné l'attaque à Ankara.";

describe("event exports", () => {
  const doc = run("fr", TEXT, "2024-03-14");

  it("PLOVER JSON carries the manual's field names", () => {
    const rows = toPlover(doc);
    expect(rows.length).toBe(doc.events.length);
    const assault = rows.find((r) => r.event === "ASSAULT")!;
    expect(assault).toMatchObject({
      date: "2024-03-13",
      recipient: "Kyiv",
      story_id: "test",
      language: "fr",
    });
    expect(assault.actor_code).toBe("RUSMIL");
    expect(TEXT).toContain(assault.event_text as string);
  });

  it("CAMEO TSV has one row per coded event with quad classes", () => {
    const rows = toCameo(doc).map((r) => r.split("\t"));
    expect(CAMEO_HEADER.split("\t")).toHaveLength(9);
    for (const r of rows) {
      expect(r).toHaveLength(9);
      expect(r[3]).toMatch(/^\d{2,4}$/u);
      expect(["1", "2", "3", "4"]).toContain(r[5]);
    }
    expect(rows.find((r) => r[0] === "20240313")?.[5]).toBe("4");
  });

  it("ACLED CSV quotes fields and keeps the PLOVER type", () => {
    const rows = toAcled(doc);
    expect(ACLED_HEADER.split(",")).toHaveLength(14);
    expect(rows.some((r) => r.includes("ASSAULT"))).toBe(true);
  });

  it.each<[Lang, string, string]>([
    ["fr", "La Russie a lancé des drones contre Kiev lundi.", "Explosions/Remote violence"],
    ["fr", "Des émeutiers ont saccagé le centre de Dakar.", "Riots"],
    ["en", "Police arrested Ali Kane in Lagos on Monday.", "Strategic developments,Arrests"],
  ])("ACLED class from the PLOVER mode: %s %s", (lang, text, expected) => {
    const d = run(lang, text);
    expect(toAcled(d).join("\n")).toContain(expected);
  });

  it("ACLED CSV does not let a spreadsheet run a formula", () => {
    const d = run("fr", "=HYPERLINK(1) La Russie a bombardé Kiev.");
    for (const row of toAcled(d)) expect(row).not.toMatch(/(^|,)=/u);
  });

  it("GeoJSON points sit at the event's place when the KB knows it", () => {
    const f = toGeoJsonFeatures(doc);
    for (const x of f) {
      const [lon, lat] = (x.geometry as { coordinates: number[] }).coordinates;
      expect(Math.abs(lat!)).toBeLessThanOrEqual(90);
      expect(Math.abs(lon!)).toBeLessThanOrEqual(180);
    }
  });

  it.each(["plover", "cameo", "acled", "geojson"])(
    "vigie analyze --format %s writes parseable output",
    async (format) => {
      const { code, out } = await runCli(
        ["analyze", "--format", format, "--lang", "fr", "--published", "2024-03-14", "-"],
        TEXT,
      );
      expect(code).toBe(0);
      if (format === "geojson") expect(JSON.parse(out).type).toBe("FeatureCollection");
      if (format === "plover")
        for (const l of out.trim().split("\n")) expect(JSON.parse(l).event).toBeDefined();
      if (format === "cameo") expect(out.split("\n")[0]).toBe(CAMEO_HEADER);
      if (format === "acled") expect(out.split("\n")[0]).toBe(ACLED_HEADER);
    },
  );
});
