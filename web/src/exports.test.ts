import { describe, expect, it } from "vitest";
import type { Article } from "./api.js";
import { graphOfEvents, toCsv, toGeoJson, toGexf, toPlover } from "./exports.js";
import { fromArticle, type EventRow } from "./selection.js";

const row = (over: Partial<EventRow> = {}): EventRow => ({
  id: "a#1",
  type: "ASSAULT",
  date: "2024-06-09",
  source: [{ id: "orlan", name: "Orlan council" }],
  target: [{ id: "brisk", name: "Brisk militia" }],
  modality: "asserted",
  reportedBy: [],
  evidence: "Orlan council struck",
  article: "a",
  sources: 1,
  ...over,
});

describe("toCsv", () => {
  it.each([
    ["plain", "Orlan council struck", "Orlan council struck"],
    ["a comma", "struck, then left", '"struck, then left"'],
    ["quotes", 'the "Brisk" militia', '"the ""Brisk"" militia"'],
    ["a line break", "struck\nthen left", '"struck\nthen left"'],
    ["a formula", "=HYPERLINK(1)", "'=HYPERLINK(1)"],
    ["a leading minus", "-2 dead", "'-2 dead"],
  ])("writes evidence with %s safely", (_what, evidence, cell) => {
    const lines = toCsv([row({ evidence })]);
    expect(lines.startsWith("id,date,type,")).toBe(true);
    expect(lines.endsWith(`,${cell}\r\n`)).toBe(true);
  });

  it("writes only the header for no events", () => {
    expect(toCsv([]).split("\r\n")).toHaveLength(2);
  });
});

describe("toGeoJson", () => {
  it("keeps only events with coordinates, as [lon, lat]", () => {
    const fc = toGeoJson([row(), row({ id: "a#2", geo: { lat: 12.5, lon: 43.1 } })]) as {
      features: { geometry: { coordinates: number[] }; properties: { id: string } }[];
    };
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0]!.geometry.coordinates).toEqual([43.1, 12.5]);
    expect(fc.features[0]!.properties.id).toBe("a#2");
  });
});

describe("toPlover", () => {
  it("names actors and keeps the modality", () => {
    expect(toPlover([row({ modality: "alleged" })])[0]).toMatchObject({
      event: "ASSAULT",
      actor: "Orlan council",
      recipient: "Brisk militia",
      modality: "alleged",
      story_id: "a",
    });
  });
});

describe("graphOfEvents and toGexf", () => {
  it("counts events per pair and type", () => {
    const g = graphOfEvents([row(), row({ id: "a#2" }), row({ id: "a#3", type: "ACCUSE" })]);
    expect(g.nodes.map((n) => [n.id, n.events])).toEqual([
      ["orlan", 3],
      ["brisk", 3],
    ]);
    expect(g.edges.map((e) => [e.type, e.count])).toEqual([
      ["ASSAULT", 2],
      ["ACCUSE", 1],
    ]);
  });

  it("escapes names so the XML stays well formed", () => {
    const xml = toGexf(
      graphOfEvents([row({ source: [{ id: 'x"1', name: "<b>Orlan</b> & co" }], target: [] })]),
    );
    expect(xml).toContain('id="x&quot;1"');
    expect(xml).toContain('label="&lt;b&gt;Orlan&lt;/b&gt; &amp; co"');
    expect(xml).not.toContain("<b>");
  });
});

describe("fromArticle", () => {
  const article: Article = {
    id: "t",
    text: "The Terravian army struck Port Ilmar.",
    entities: [
      { id: "army", name: "Terravian army", type: "ORG", mentions: ["Terravian army"], spans: [[4, 18]] },
      {
        id: "port",
        name: "Port Ilmar",
        type: "LOC",
        mentions: ["Port Ilmar"],
        spans: [[26, 36]],
        geo: { lat: 1, lon: 2 },
      },
    ],
    events: [
      {
        type: "ASSAULT",
        source: ["army"],
        target: [],
        location: "Port Ilmar",
        date_precision: "unknown",
        modality: "asserted",
        reported_by: [],
        evidence: "army struck",
        evidence_span: [14, 25],
      },
      {
        type: "ASSAULT",
        source: ["army"],
        target: [],
        location: "Nowhere",
        date_precision: "unknown",
        modality: "asserted",
        reported_by: [],
        evidence: "army struck",
        evidence_span: [14, 25],
        geo: { lat: 5, lon: 6 },
      },
      {
        type: "ASSAULT",
        source: ["army"],
        target: [],
        location: "Elsewhere",
        date_precision: "unknown",
        modality: "asserted",
        reported_by: [],
        evidence: "army struck",
        evidence_span: [14, 25],
      },
    ],
    relations: [],
  };

  it("uses the event's own coordinates, else its place entity's, else none", () => {
    expect(fromArticle(article).map((e) => e.geo)).toEqual([
      { lat: 1, lon: 2 },
      { lat: 5, lon: 6 },
      undefined,
    ]);
  });

  it("names the actors", () => {
    expect(fromArticle(article)[0]!.source).toEqual([{ id: "army", name: "Terravian army" }]);
  });
});
