import { describe, expect, it } from "vitest";
import { analyze } from "../../analyze.js";
import type { Lang } from "../../doc/types.js";
import { toGold } from "../../output/gold.js";
import { toponymsOf } from "./places.js";

const PUBLISHED = "2024-03-07";

// Invented sentences: [lang, text, event location, its country, expected date].
const EVENTS: [Lang, string, string, string, string][] = [
  [
    "fr",
    "Les forces du général Varnier ont tiré mardi des roquettes contre un quai du port de Tripoli, en Libye.",
    "Tripoli",
    "LBY",
    "2024-03-05",
  ],
  [
    "fr",
    "Le ministre Paul Arnaud a rencontré mercredi dans la capitale allemande son homologue russe.",
    "Berlin",
    "DEU",
    "2024-03-06",
  ],
  ["fr", "L'armée turque a envoyé des renforts à Syrte.", "Sirte", "LBY", PUBLISHED],
  [
    "en",
    "Rebels attacked an army base near Goma on Monday, the United Nations said.",
    "Goma",
    "COD",
    "2024-03-04",
  ],
  [
    "es",
    "El ejército sirio bombardeó anoche la ciudad de Alepo, según el Observatorio.",
    "Aleppo",
    "SYR",
    "2024-03-06",
  ],
];

describe("places stage: event locations", () => {
  it.each(EVENTS)("%s: %s", (lang, text, location, country, date) => {
    const gold = toGold(analyze({ id: "t", text, lang, published: PUBLISHED }));
    expect(gold.events.length).toBeGreaterThan(0);
    const ev = gold.events[0]!;
    expect(ev.location).toBe(location);
    expect(ev.country).toBe(country);
    expect(ev.geo?.country).toBe(country);
    expect(ev.geo?.lat).toEqual(expect.any(Number));
    expect(ev.date).toBe(date);
    expect(ev.date_precision).toBe("day");
  });
});

describe("places stage: entities", () => {
  it("geocodes every GPE and LOC entity, a facility to its town", () => {
    const gold = toGold(
      analyze({
        id: "t",
        lang: "fr",
        published: PUBLISHED,
        text: "Les forces du général Varnier ont tiré mardi des roquettes contre un quai du port de Tripoli, en Libye.",
      }),
    );
    const places = gold.entities.filter((e) => e.type === "GPE" || e.type === "LOC");
    expect(places.length).toBeGreaterThanOrEqual(2);
    for (const p of places) expect(p.geo?.country, p.name).toBe("LBY");
    const port = places.find((p) => p.name.includes("port"));
    expect(port?.geo?.geonameid).toBe(places.find((p) => p.name === "Tripoli")?.geo?.geonameid);
  });

  it("does not take a demonym for a place", () => {
    const doc = analyze({
      id: "t",
      lang: "fr",
      published: PUBLISHED,
      text: "L'armée turque a envoyé des renforts.",
    });
    expect(doc.entities.filter((e) => e.geo)).toEqual([]);
    expect(toponymsOf(doc)).toEqual([]);
  });

  it("finds gazetteer toponyms that no mention rule typed", () => {
    const doc = analyze({
      id: "t",
      lang: "en",
      text: "Floods closed schools in Gainesville and Ocala, officials said.",
    });
    const names = toponymsOf(doc).map((t) => doc.text.slice(t.range[0], t.range[1]));
    expect(names).toEqual(expect.arrayContaining(["Gainesville", "Ocala"]));
  });
});

describe("places stage: dates", () => {
  it("leaves an undated event outside the lede and its dated paragraph unknown, never the publication date", () => {
    const text =
      "Le ministre Paul Arnaud a rencontré mercredi son homologue. La rencontre a duré deux heures. " +
      "Les deux hommes ont parlé du port. Ils se reverront.\n\nLes rebelles du général Varnier ont attaqué la base.";
    const gold = toGold(analyze({ id: "t", text, lang: "fr", published: PUBLISHED }));
    const attack = gold.events.find((e) => e.type === "ASSAULT");
    expect(attack).toBeDefined();
    expect(attack!.date_precision).toBe("unknown");
    expect(attack!.date).toBeUndefined();
  });

  it("does not date lede events without a day-precise publication date", () => {
    const gold = toGold(
      analyze({
        id: "t",
        lang: "fr",
        published: "2024-03",
        text: "L'armée turque a envoyé des renforts à Syrte.",
      }),
    );
    expect(gold.events[0]?.date_precision).toBe("unknown");
  });
});
