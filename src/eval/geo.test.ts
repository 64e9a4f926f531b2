import { describe, expect, it } from "vitest";
import { parseGeoCorpus, scoreGeo, type PredictedToponym } from "./geo.js";

const LGL = `<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="a1">
    <text><![CDATA[Floods hit Portvale and Oakridge & nearby farms.]]></text>
    <toponyms>
      <toponym><start>11</start><end>19</end><phrase>Portvale</phrase>
        <gaztag geonameid="1"><name>Portvale</name><lat>10.0</lat><lon>20.0</lon></gaztag></toponym>
      <toponym><start>24</start><end>32</end><phrase>Oakridge</phrase></toponym>
    </toponyms>
  </article>
</articles>`;

// GeoVirus counts offsets from 1, and lists a few locations without any.
const GEOVIRUS = `<articles>
  <article>
    <source>https://example.org/wiki/Outbreak</source>
    <text>Cases rose in Portvale &amp; Oakridge.</text>
    <locations>
      <location><name>Portvale</name><start>15</start><end>23</end><lat>10.5</lat><lon>20.5</lon></location>
      <location><name>Oakridge</name><start>26</start><end>34</end><lat>40</lat><lon>-90</lon></location>
      <location><name>Elsewhere</name><start></start><end></end><lat>1</lat><lon>1</lon></location>
    </locations>
  </article>
</articles>`;

describe("parseGeoCorpus", () => {
  it("reads LGL toponyms, with and without coordinates", () => {
    const [a] = parseGeoCorpus(LGL, "lgl.xml");
    expect(a!.id).toBe("a1");
    expect(a!.toponyms).toEqual([
      { range: [11, 19], phrase: "Portvale", lat: 10, lon: 20 },
      { range: [24, 32], phrase: "Oakridge" },
    ]);
  });

  it("reads GeoVirus, unescaping the text and realigning its 1-based offsets", () => {
    const [a] = parseGeoCorpus(GEOVIRUS, "gv.xml");
    expect(a!.text).toBe("Cases rose in Portvale & Oakridge.");
    expect(a!.toponyms.map((t) => a!.text.slice(t.range[0], t.range[1]))).toEqual(["Portvale", "Oakridge"]);
  });

  it("rejects a file that is neither", () => {
    expect(() => parseGeoCorpus("<articles></articles>", "x.xml")).toThrow(/x\.xml: neither LGL/u);
  });
});

describe("scoreGeo", () => {
  const gold = parseGeoCorpus(GEOVIRUS, "gv.xml");
  const at = (from: number, to: number, lat?: number, lon?: number): PredictedToponym =>
    lat === undefined ? { range: [from, to] } : { range: [from, to], geo: { lat, lon: lon! } };

  it.each([
    ["all found and near", [at(14, 22, 10.6, 20.4), at(25, 33, 40.5, -90)], 2, 0, 1],
    ["one far", [at(14, 22, 10.6, 20.4), at(25, 33, 45, -90)], 2, 0, 0.5],
    ["one missed, one false alarm", [at(14, 22, 10.5, 20.5), at(0, 5, 1, 1)], 1, 1, 1],
    ["found but not geocoded", [at(14, 22)], 1, 0, 0],
  ] as const)("%s", (_, pred, tp, fp, acc) => {
    const r = scoreGeo(gold, new Map([[gold[0]!.id, [...pred]]]));
    expect(r.detection.tp).toBe(tp);
    expect(r.detection.fp).toBe(fp);
    expect(r.detection.fn).toBe(2 - tp);
    expect(r.accuracy161).toBe(acc);
  });
});
