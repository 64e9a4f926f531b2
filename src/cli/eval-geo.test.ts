import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./test-utils/run.js";

const dir = mkdtempSync(join(tmpdir(), "vigie-eval-geo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LGL = `<articles><article docid="x1"><text><![CDATA[Storms hit Gainesville and Ocala on Monday.]]></text>
<toponyms><toponym><start>11</start><end>22</end><phrase>Gainesville</phrase>
<gaztag geonameid="4156404"><lat>29.6516</lat><lon>-82.3248</lon></gaztag></toponym>
<toponym><start>27</start><end>32</end><phrase>Ocala</phrase>
<gaztag geonameid="4167147"><lat>29.1872</lat><lon>-82.1401</lon></gaztag></toponym></toponyms></article></articles>`;

describe("vigie eval geo", () => {
  it("scores detection and accuracy within 161 km", async () => {
    const file = join(dir, "tiny.xml");
    writeFileSync(file, LGL);
    const { code, out } = await runCli(["eval", "geo", "--gold", file, "--json"]);
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.gold).toBe(2);
    expect(r.detection.recall).toBe(1);
    expect(r.accuracy161).toBe(1);
  });

  it("exits 2 on a missing file and 1 on a file of another format", async () => {
    expect((await runCli(["eval", "geo", "--gold", join(dir, "none.xml")])).code).toBe(2);
    const other = join(dir, "other.xml");
    writeFileSync(other, "<articles/>");
    const r = await runCli(["eval", "geo", "--gold", other]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("neither LGL");
  });
});

describe("vigie eval dates", () => {
  it("reports the table per language", async () => {
    const { code, out } = await runCli(["eval", "dates", "--json"]);
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(Object.keys(r.by_language)).toEqual(["fr", "en", "es"]);
    expect(r.total).toBeGreaterThan(100);
    expect(r.correct).toBe(r.total - r.failures.length);
  });

  it("rejects an unknown language", async () => {
    const r = await runCli(["eval", "dates", "--lang", "de"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--lang");
  });
});

const GEOVIRUS = fileURLToPath(new URL("../../../shared/data/geo-en-geovirus/GeoVirus.xml", import.meta.url));
const hasGeoVirus = existsSync(GEOVIRUS);
if (!hasGeoVirus) console.warn(`skipping the GeoVirus figures: ${GEOVIRUS} is absent`);

describe.skipIf(!hasGeoVirus)("vigie eval geo on GeoVirus (shared corpus)", () => {
  it("stays at the measured level on its first 60 articles (F1 0.83, accuracy@161km 0.69)", async () => {
    const { code, out } = await runCli(["eval", "geo", "--gold", GEOVIRUS, "--limit", "60", "--json"]);
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.articles).toBe(60);
    expect(r.detection.f1).toBeGreaterThanOrEqual(0.78);
    expect(r.accuracy161).toBeGreaterThanOrEqual(0.65);
  });
});
