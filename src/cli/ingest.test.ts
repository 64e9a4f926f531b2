import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { progressLine } from "./ingest.js";
import { runCli } from "./test-utils/run.js";

const tmp = mkdtempSync(join(tmpdir(), "vigie-cli-store-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const db = join(tmp, "cli.db");

const FEED =
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette de Tarvanie</title><language>fr</language>` +
  `<item><guid>feed-1</guid><pubDate>Mon, 04 Mar 2024 09:00:00 +0100</pubDate>` +
  `<description>&lt;p&gt;Des milliers de manifestants ont défilé samedi à Lyon contre la réforme.&lt;/p&gt;</description></item>` +
  `<item><guid>feed-2</guid><description></description></item>` +
  `</channel></rss>`;

beforeAll(() => {
  mkdirSync(join(tmp, "in", "sub"), { recursive: true });
  writeFileSync(
    join(tmp, "in", "a.jsonl"),
    [
      JSON.stringify({
        id: "j1",
        lang: "fr",
        published: "2024-03-05",
        text: "Le ministre Paul Verrand a rencontré lundi à Lyon les représentants des syndicats.",
      }),
      "{broken json",
      JSON.stringify({
        id: "j2",
        lang: "fr",
        published: "2024-03-05",
        text: "La police a arrêté vendredi à Nantes trois militants. Anne Loubier a accusé le gouvernement de mentir.",
      }),
    ].join("\n"),
  );
  writeFileSync(
    join(tmp, "in", "sub", "b.html"),
    "<html lang='fr'><head><title>Grève</title></head><body><p>Les dockers de Marseille ont manifesté mardi devant la préfecture.</p></body></html>",
  );
  writeFileSync(join(tmp, "in", "sub", "feed.rss"), FEED);
  writeFileSync(join(tmp, "in", "notes.bin"), Buffer.from([0, 1, 2, 3]));
});

describe("vigie ingest / stats / query / graph", () => {
  it("ingests folders and feeds, records failures and goes on (exit 1)", async () => {
    const r = await runCli(["ingest", "--db", db, "--workers", "1", "--json", join(tmp, "in")]);
    expect(r.code).toBe(1);
    const lines = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, Record<string, number>>);
    expect(lines.at(-1)?.done).toMatchObject({ read: 6, stored: 4, duplicates: 0, failed: 2, total: 6 });
    expect(lines.slice(0, -1).every((l) => l.progress !== undefined)).toBe(true);
    expect(r.err).toContain("notes.bin: skipped");
    expect(r.err).toMatch(/a\.jsonl:2/u);
    expect(r.err).toContain("feed.rss#2");
  });

  it("changes nothing when the same inputs are ingested again", async () => {
    const before = await runCli(["stats", "--db", db, "--json"]);
    const again = await runCli([
      "ingest",
      "--db",
      db,
      "--workers",
      "1",
      join(tmp, "in", "a.jsonl"),
      join(tmp, "in", "sub"),
    ]);
    expect(again.err).toContain("ingested 0 articles (4 already stored, 2 failed)");
    const after = await runCli(["stats", "--db", db, "--json"]);
    expect(after.out).toBe(before.out);
    expect(JSON.parse(after.out)).toMatchObject({ dialect: "sqlite", articles: 4, failures: 2 });
  });

  it("reads standard input", async () => {
    const other = join(tmp, "stdin.db");
    const text = "Le maire de Verdal a démissionné hier après une manifestation.";
    const r = await runCli(["ingest", "--db", other, "--workers", "1", "--lang", "fr", "-"], text);
    expect(r.code).toBe(0);
    expect(r.err).toContain("ingested 1 articles (0 already stored, 0 failed)");
    const again = await runCli(["ingest", "--db", other, "--workers", "1", "--lang", "fr", "-"], text);
    expect(again.err).toContain("ingested 0 articles (1 already stored, 0 failed)");
  });

  it("prints readable stats", async () => {
    const r = await runCli(["stats", "--db", db]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^articles\s+4$/mu);
  });

  it.each([
    ["jsonl", (s: string) => JSON.parse(s.split("\n")[0]!) as object],
    ["csv", (s: string) => s.split("\n")[0]!.split(",")],
    ["plover", (s: string) => JSON.parse(s.split("\n")[0]!) as object],
    ["cameo", (s: string) => s.split("\n")[0]!.split("\t")],
    ["acled", (s: string) => s.split("\n")[0]!.split(",")],
    ["geojson", (s: string) => JSON.parse(s) as object],
  ])("query events --format %s", async (format, parse) => {
    const r = await runCli(["query", "events", "--db", db, "--format", format]);
    expect(r.code).toBe(0);
    expect(r.out.length).toBeGreaterThan(0);
    expect(parse(r.out)).toBeTruthy();
  });

  it("filters events and exports GeoJSON points", async () => {
    const all = await runCli(["query", "events", "--db", db]);
    const events = all.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; article: string });
    expect(events.length).toBeGreaterThan(0);
    const type = events[0]!.type;
    const one = await runCli(["query", "events", "--db", db, "--type", type]);
    expect(
      one.out
        .trim()
        .split("\n")
        .every((l) => (JSON.parse(l) as { type: string }).type === type),
    ).toBe(true);
    const none = await runCli(["query", "events", "--db", db, "--actor", "nobody-at-all"]);
    expect(none.out).toBe("");
    const geo = JSON.parse((await runCli(["query", "events", "--db", db, "--format", "geojson"])).out) as {
      features: { geometry: { coordinates: number[] } }[];
    };
    expect(geo.features.every((f) => f.geometry.coordinates.length === 2)).toBe(true);
  });

  it("lists actors and articles as jsonl and csv", async () => {
    const actors = await runCli(["query", "actors", "--db", db, "--format", "csv"]);
    expect(actors.out.split("\n")[0]).toBe(
      "id,name,type,country,sector,articles,events,first_seen,last_seen,mentions",
    );
    const arts = await runCli(["query", "articles", "--db", db, "--search", "dockers"]);
    expect(
      arts.out
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { id: string }).id),
    ).toEqual(["b"]);
    const limited = await runCli(["query", "articles", "--db", db, "--limit", "2"]);
    expect(limited.out.trim().split("\n")).toHaveLength(2);
  });

  it.each([
    [["query", "actors", "--format", "cameo"], "come as jsonl or csv"],
    [["query", "events", "--from", "2024-13"], "--from wants a date"],
    [["query", "events", "--bbox", "1,2,3"], "--bbox wants"],
    [["query", "nothing"], ""],
    [["graph", "--to", "yesterday"], "want a date"],
    [["ingest", "--workers", "0", "x"], "--workers must be"],
    [["stats", "--db", "mysql://h/db"], "unsupported database URL"],
  ])("refuses %j (exit 2)", async (argv, msg) => {
    const r = await runCli([...argv, ...(argv.includes("--db") ? [] : ["--db", db])]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(msg);
  });

  it.each([
    ["json", (s: string) => expect(JSON.parse(s)).toHaveProperty("nodes")],
    ["gexf", (s: string) => expect(s).toMatch(/^<\?xml[\s\S]*<gexf [\s\S]*<\/gexf>\n$/u)],
    ["graphml", (s: string) => expect(s).toMatch(/<graphml [\s\S]*<\/graphml>\n$/u)],
  ])("graph --format %s", async (format, check) => {
    const r = await runCli(["graph", "--db", db, "--format", format]);
    expect(r.code).toBe(0);
    check(r.out);
  });
});

describe("progressLine", () => {
  it.each([
    [
      { read: 5, stored: 3, duplicates: 1, failed: 1, total: 10, elapsed_s: 2, rate: 2.5, eta_s: 2 },
      "[############------------]  50% 5/10 articles, 2.5/s ETA 0:02, 1 failed, 1 already stored",
    ],
    [
      { read: 7, stored: 7, duplicates: 0, failed: 0, elapsed_s: 1, rate: 7 },
      "7 articles, 7.0/s, 0 failed, 0 already stored",
    ],
  ])("%j", (p, want) => expect(progressLine(p)).toBe(want));
});
