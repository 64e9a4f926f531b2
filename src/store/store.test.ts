import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isVigieError } from "../errors.js";
import { actorId, contentHash, openStore, parseStoreUrl, redactUrl } from "./index.js";
import { TEST_PG, article, freshPgSchema } from "./test-utils/stores.js";
import type { EventQuery, EventStore } from "./types.js";

const tmp = mkdtempSync(join(tmpdir(), "vigie-store-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("parseStoreUrl", () => {
  it.each([
    ["events.db", { dialect: "sqlite", path: "events.db" }],
    ["/var/lib/vigie.db", { dialect: "sqlite", path: "/var/lib/vigie.db" }],
    ["sqlite:data/x.db", { dialect: "sqlite", path: "data/x.db" }],
    ["sqlite:///abs/x.db", { dialect: "sqlite", path: "/abs/x.db" }],
    ["postgres://u:p@localhost/db", { dialect: "postgres", url: "postgres://u:p@localhost/db" }],
    ["postgresql://localhost/db", { dialect: "postgres", url: "postgresql://localhost/db" }],
  ])("%s", (url, want) => expect(parseStoreUrl(url)).toEqual(want));

  it("defaults to ./vigie.db", () =>
    expect(parseStoreUrl("")).toEqual({ dialect: "sqlite", path: "./vigie.db" }));

  it.each(["mysql://localhost/db", "redis://localhost:6379", "sqlite:"])("refuses %s", (url) => {
    try {
      parseStoreUrl(url);
      expect.unreachable();
    } catch (e) {
      expect(isVigieError(e) && e.code).toBe("STORE_URL");
    }
  });

  it("hides passwords", () => {
    expect(redactUrl("postgres://ana:s3cret@db.example/events")).toBe("postgres://ana:***@db.example/events");
    expect(redactUrl("postgres://db.example/events")).toBe("postgres://db.example/events");
  });
});

describe("actorId and contentHash", () => {
  it.each([
    [{ name: "Républica de Tarvania", country: "TRV" }, "republica-de-tarvania.trv"],
    [{ name: "  Ana  Lozère " }, "ana-lozere"],
    [{ name: "!!!" }, "actor"],
  ])("%j -> %s", (e, id) => expect(actorId(e)).toBe(id));

  it("changes with the id and with the text", () => {
    const h = contentHash("a", "text");
    expect(contentHash("a", "text")).toBe(h);
    expect(contentHash("b", "text")).not.toBe(h);
    expect(contentHash("a", "text.")).not.toBe(h);
    expect(contentHash("ab", "c")).not.toBe(contentHash("a", "bc"));
  });
});

describe("openStore errors", () => {
  it("names a SQLite file it cannot open", async () => {
    const bad = join(tmp, "no-such-dir", "x.db");
    await expect(openStore(bad)).rejects.toMatchObject({
      code: "STORE",
      message: expect.stringContaining(bad),
    });
  });
  it("reports an unreachable PostgreSQL server without its password", async () => {
    const err = await openStore("postgres://ana:pw@127.0.0.1:1/none").catch((e: unknown) => e);
    expect(isVigieError(err) && err.code).toBe("STORE");
    expect(String((err as Error).message)).not.toContain("pw@");
  });
});

const TARVANIA = { id: "trv", name: "Tarvania", type: "GPE", country: "TRV", geo: { lat: 10, lon: 20 } };
const OSLAND = { id: "osl", name: "Osland", type: "GPE", country: "OSL" };
const GUARD = { id: "guard", name: "Northern Guard", type: "ORG", country: "TRV", sector: "MIL" };

const a1 = article("a1", "Northern Guard attacked Osland near Tarvania on Monday. Osland backs the Guard.", {
  published: "2021-03-02",
  lang: "en",
  title: "Clashes at the border",
  entities: [TARVANIA, OSLAND, GUARD],
  events: [
    {
      type: "ASSAULT",
      source: ["guard"],
      target: ["osl"],
      location: "Tarvania",
      country: "TRV",
      date: "2021-03-01",
    },
    { type: "CONSULT", source: ["osl"], target: ["trv"], date: "2021-02-20", modality: "planned" },
  ],
  relations: [{ type: "SUPPORT", kind: "military", source: ["osl"], target: ["guard"] }],
});
// Another outlet, another day, the same attack a day later by its account: one event, two sources.
const a2 = article(
  "a2",
  "La Garde du Nord a attaqué Osland à Tarvania, selon l'Élysée. Northern Guard Osland Tarvania",
  {
    published: "2021-03-03",
    lang: "fr",
    entities: [TARVANIA, OSLAND, GUARD],
    events: [
      {
        type: "ASSAULT",
        source: ["guard"],
        target: ["osl"],
        location: "Tarvania",
        country: "TRV",
        date: "2021-03-02",
      },
      {
        type: "ASSAULT",
        source: ["guard"],
        target: ["osl"],
        location: "Tarvania",
        country: "TRV",
        date: "2021-03-09",
      },
    ],
    relations: [{ type: "SUPPORT", kind: "military", source: ["osl"], target: ["guard"] }],
  },
);
const a3 = article("a3", "Osland protested in Tarvania. Nobody else.", {
  published: "2021-04-10",
  lang: "en",
  entities: [TARVANIA, OSLAND],
  events: [{ type: "PROTEST", source: ["osl"], location: "Tarvania", country: "TRV", date: "2021-04-09" }],
  relations: [{ type: "OPPOSE", source: ["osl"], target: ["trv"] }],
});

const backends: { name: string; url: () => Promise<{ url: string; drop: () => Promise<void> }> }[] = [
  {
    name: "sqlite",
    url: async () => ({
      url: join(tmp, `contract-${Math.random().toString(36).slice(2)}.db`),
      drop: async () => {},
    }),
  },
];
const pgUrl = TEST_PG;
if (pgUrl) backends.push({ name: "postgres", url: () => freshPgSchema(pgUrl) });

describe.each(backends)("EventStore contract on $name", ({ url }) => {
  let store: EventStore;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const u = await url();
    drop = u.drop;
    store = await openStore(u.url);
    for (const a of [a1, a2, a3])
      await store.putArticle(a, { diagnostics: [{ severity: "info", code: "T", message: "m" }] });
  });
  afterAll(async () => {
    await store.close();
    await drop();
  });

  it("stores each article once, by content", async () => {
    const before = await store.stats();
    expect(before).toEqual({ articles: 3, events: 4, actors: 3, relations: 2, failures: 0 });
    expect(await store.putArticle(a1)).toEqual({ id: "a1", created: false });
    expect(await store.stats()).toEqual(before);
    expect(await store.hasHash(contentHash("a1", a1.text))).toBe(true);
    expect(await store.hasHash(contentHash("a1", "other"))).toBe(false);
  });

  it("keeps a second text under an id already taken", async () => {
    const other = article("a3", "A corrected text about Osland.", { entities: [OSLAND] });
    const r = await store.putArticle(other);
    expect(r.created).toBe(true);
    expect(r.id).toMatch(/^a3~[0-9a-f]{8}$/u);
    expect((await store.getArticle(r.id))?.text).toBe(other.text);
    expect((await store.getArticle("a3"))?.text).toBe(a3.text);
  });

  it("reads an article back with store ids and diagnostics", async () => {
    const got = await store.getArticle("a2");
    expect(got?.lang).toBe("fr");
    expect(got?.entities.map((e) => e.actor_id)).toEqual([
      "tarvania.trv",
      "osland.osl",
      "northern-guard.trv",
    ]);
    expect(got?.events.map((e) => e.event_id)).toEqual(["a1#1", "a2#2"]);
    expect(got?.diagnostics).toEqual([{ severity: "info", code: "T", message: "m" }]);
    expect(await store.getArticle("nope")).toBeUndefined();
  });

  it("merges reports of one event within a day, not beyond", async () => {
    const { items } = await store.queryEvents({ type: "ASSAULT" });
    expect(items.map((e) => [e.id, e.date, e.sources, e.articles])).toEqual([
      ["a1#1", "2021-03-01", 2, ["a1", "a2"]],
      ["a2#2", "2021-03-09", 1, ["a2"]],
    ]);
    expect(items[0]).toMatchObject({
      source: ["northern-guard.trv"],
      source_names: ["Northern Guard"],
      target: ["osland.osl"],
      geo: { lat: 10, lon: 20 },
      country: "TRV",
    });
  });

  it.each<[EventQuery, string[]]>([
    [{}, ["a1#2", "a1#1", "a2#2", "a3#1"]],
    [{ actor: "osland.osl" }, ["a1#2", "a1#1", "a2#2", "a3#1"]],
    [{ actor: "Northern Guard" }, ["a1#1", "a2#2"]],
    [{ actor: "nobody" }, []],
    [{ type: "protest" }, ["a3#1"]],
    [{ from: "2021-03-01", to: "2021-03" }, ["a1#1", "a2#2"]],
    [{ to: "2021-02-20" }, ["a1#2"]],
    [{ country: "trv", modality: "asserted" }, ["a1#1", "a2#2", "a3#1"]],
    [{ modality: "planned" }, ["a1#2"]],
    [{ bbox: [19, 9, 21, 11] }, ["a1#1", "a2#2", "a3#1"]],
    [{ bbox: [0, 0, 1, 1] }, []],
    [{ article: "a2" }, ["a1#1", "a2#2"]],
    [{ limit: 2, offset: 1 }, ["a1#1", "a2#2"]],
  ])("queryEvents %j", async (q, ids) => {
    const page = await store.queryEvents(q);
    expect(page.items.map((e) => e.id)).toEqual(ids);
    if (q.limit === undefined) expect(page.total).toBe(ids.length);
    else expect(page.total).toBe(4);
  });

  it("refuses bad paging", async () => {
    await expect(store.queryEvents({ limit: -1 })).rejects.toMatchObject({ code: "USAGE" });
    await expect(store.listArticles({ offset: 1.5 })).rejects.toMatchObject({ code: "USAGE" });
  });

  it.each([
    [{}, ["a3", "a2", "a1", "a3~"]],
    [{ search: "elysee" }, ["a2"]],
    [{ search: "ATTACKED border" }, ["a1"]],
    [{ search: "100%" }, []],
    [{ lang: "fr" }, ["a2"]],
    [{ from: "2021-03-03", to: "2021-04" }, ["a3", "a2"]],
  ])("listArticles %j", async (q, ids) => {
    const page = await store.listArticles(q);
    expect(page.items.map((a) => (a.id.startsWith("a3~") ? "a3~" : a.id))).toEqual(ids);
    expect(page.total).toBe(ids.length);
  });

  it("merges actors across articles and counts them", async () => {
    const page = await store.queryActors({});
    expect(page.items.map((a) => [a.id, a.articles])).toEqual([
      ["osland.osl", 4],
      ["tarvania.trv", 3],
      ["northern-guard.trv", 2],
    ]);
    expect((await store.queryActors({ search: "guard" })).items.map((a) => a.id)).toEqual([
      "northern-guard.trv",
    ]);
    expect((await store.queryActors({ country: "trv", type: "gpe" })).items.map((a) => a.id)).toEqual([
      "tarvania.trv",
    ]);
    expect((await store.queryActors({ search: "zzz" })).total).toBe(0);
  });

  it("profiles an actor: relations with validity and events per month", async () => {
    const p = await store.getActor("osland.osl");
    expect(p).toMatchObject({ name: "Osland", first_seen: "2021-03-02", last_seen: "2021-04-10", events: 4 });
    expect(p?.relations).toEqual([
      {
        type: "SUPPORT",
        kind: "military",
        direction: "out",
        other: { id: "northern-guard.trv", name: "Northern Guard" },
        first_seen: "2021-03-02",
        last_seen: "2021-03-03",
        evidence_count: 2,
      },
      {
        type: "OPPOSE",
        direction: "out",
        other: { id: "tarvania.trv", name: "Tarvania" },
        first_seen: "2021-04-10",
        last_seen: "2021-04-10",
        evidence_count: 1,
      },
    ]);
    expect(p?.monthly).toEqual([
      { month: "2021-02", type: "CONSULT", count: 1 },
      { month: "2021-03", type: "ASSAULT", count: 2 },
      { month: "2021-04", type: "PROTEST", count: 1 },
    ]);
    expect(await store.getActor("nobody")).toBeUndefined();
  });

  it("builds the actor graph with relation and event edges", async () => {
    const g = await store.graph({});
    expect(g.nodes.map((n) => [n.id, n.events])).toEqual([
      ["northern-guard.trv", 2],
      ["osland.osl", 4],
      ["tarvania.trv", 1],
    ]);
    expect(g.edges.map((e) => [e.source, e.target, e.type, e.category, e.count])).toEqual([
      ["osland.osl", "northern-guard.trv", "SUPPORT", "relation", 2],
      ["osland.osl", "tarvania.trv", "OPPOSE", "relation", 1],
      ["northern-guard.trv", "osland.osl", "ASSAULT", "event", 2],
      ["osland.osl", "tarvania.trv", "CONSULT", "event", 1],
    ]);
    const heavy = await store.graph({ minWeight: 2 });
    expect(heavy.edges.map((e) => e.type)).toEqual(["SUPPORT", "ASSAULT"]);
    const april = await store.graph({ from: "2021-04-01" });
    expect(april.edges.map((e) => e.type)).toEqual(["OPPOSE"]);
  });

  it("records failures once per origin and code", async () => {
    await store.recordFailure({ origin: "feed.xml:3", code: "INPUT_HTML", message: "broken" });
    await store.recordFailure({ origin: "feed.xml:3", code: "INPUT_HTML", message: "still broken" });
    await store.recordFailure({ origin: "feed.xml:4", articleId: "x", code: "LANG_UNKNOWN", message: "?" });
    expect((await store.stats()).failures).toBe(2);
    const f = await store.listFailures();
    expect(f.items.map((x) => [x.origin, x.message, x.article_id])).toEqual([
      ["feed.xml:3", "still broken", undefined],
      ["feed.xml:4", "?", "x"],
    ]);
  });

  it("stores a batch in one go, each article idempotent, a bad one failing alone", async () => {
    const b1 = article("batch-1", "Osland and Tarvania met in Verdal.", { entities: [OSLAND, TARVANIA] });
    const b2 = article("batch-2", "Tarvania protested.", {
      entities: [TARVANIA],
      events: [{ type: "PROTEST", source: ["trv"], date: "2021-05-01" }],
    });
    const before = await store.stats();
    const r = await store.putArticles([
      { article: b1 },
      { article: { ...b2, id: "" } },
      { article: a1 },
      { article: b2 },
    ]);
    expect(r.map((x) => ("error" in x ? x.error.code : x))).toEqual([
      { id: "batch-1", created: true },
      "INPUT_FIELD",
      { id: "a1", created: false },
      { id: "batch-2", created: true },
    ]);
    expect(await store.stats()).toMatchObject({ articles: before.articles + 2, events: before.events + 1 });
    expect(
      (await store.putArticles([{ article: b1 }, { article: b2 }])).every(
        (x) => "created" in x && !x.created,
      ),
    ).toBe(true);
    expect(await store.putArticles([])).toEqual([]);
  });

  it("refuses an article without id", async () => {
    await expect(store.putArticle({ ...a1, id: "" })).rejects.toMatchObject({ code: "INPUT_FIELD" });
  });
});
