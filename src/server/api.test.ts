import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as S from "./schemas.js";
import { CONTENT_SECURITY_POLICY } from "./index.js";
import { GEO_ARTICLE, startTestServer, TOKEN, type TestServer } from "./test-utils/server.js";

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await srv?.close();
});

const get = async (path: string) => {
  const res = await fetch(new URL(path, srv.url));
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
};
const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(new URL(path, srv.url), {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
};
const code = (b: Record<string, unknown>) => (b.error as { code: string } | undefined)?.code;

describe("server binding", () => {
  it("listens on loopback by default", () => {
    expect(new URL(srv.url).hostname).toBe("127.0.0.1");
  });
});

describe("read API (responses match the documented schemas)", () => {
  it.each([
    ["/api/health", S.HealthSchema],
    ["/api/stats", S.StatsSchema],
    ["/api/articles", S.ArticlePage],
    ["/api/events?limit=500", S.EventPage],
    ["/api/actors", S.ActorPage],
    ["/api/graph", S.GraphSchema],
  ])("%s", async (path, schema) => {
    const r = await get(path);
    expect(r.status).toBe(200);
    expect(schema.safeParse(r.body).error).toBeUndefined();
  });

  it("lists every stored article and finds one by full-text search", async () => {
    const all = await get("/api/articles");
    expect(all.body.total).toBe(9);
    const hit = await get("/api/articles?search=Terravian");
    expect((hit.body.items as { id: string }[]).map((a) => a.id)).toEqual(["geo-terravia"]);
    const none = await get("/api/articles?search=zzzunknownword");
    expect(none.body.total).toBe(0);
  });

  it("returns one article with its annotations, and 404 for an unknown id", async () => {
    const a = await get("/api/articles/geo-terravia");
    expect(S.StoredArticleSchema.safeParse(a.body).error).toBeUndefined();
    expect((a.body.entities as { actor_id: string }[]).length).toBe(2);
    const missing = await get("/api/articles/no-such-article");
    expect(missing.status).toBe(404);
    expect(code(missing.body)).toBe("NOT_FOUND");
  });

  it.each([
    ["type=ASSAULT", (e: S.EventRow) => e.type === "ASSAULT"],
    ["modality=asserted", (e: S.EventRow) => e.modality === "asserted"],
    [
      "from=2024-06-01&to=2024-06-30",
      (e: S.EventRow) => !!e.date && e.date >= "2024-06" && e.date <= "2024-06-30",
    ],
    ["bbox=40,10,45,15", (e: S.EventRow) => !!e.geo && e.geo.lat > 10 && e.geo.lat < 15],
    ["actor=Terravian army", (e: S.EventRow) => e.source_names.includes("Terravian army")],
  ])("filters events by %s", async (q, pred) => {
    const r = await get(`/api/events?${q}&limit=500`);
    expect(r.status).toBe(200);
    const items = r.body.items as S.EventRow[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every(pred)).toBe(true);
  });

  it("returns an actor profile and 404 for an unknown actor", async () => {
    const list = await get("/api/actors?search=Terravian");
    const id = (list.body.items as { id: string }[])[0]!.id;
    const p = await get(`/api/actors/${encodeURIComponent(id)}`);
    expect(S.ActorProfileSchema.safeParse(p.body).error).toBeUndefined();
    expect(p.body.monthly).toEqual([{ month: "2024-06", type: "ASSAULT", count: 1 }]);
    expect((await get("/api/actors/nobody-at-all")).status).toBe(404);
  });

  it.each([
    ["/api/events?bbox=1,2,3", "bbox"],
    ["/api/events?bbox=10,0,5,1", "bbox"],
    ["/api/events?type=PARTY", "type"],
    ["/api/events?from=yesterday", "from"],
    ["/api/events?limit=0", "limit"],
    ["/api/events?limit=100000", "limit"],
    ["/api/events?country=fr", "country"],
    ["/api/events?unknown=1", ""],
    ["/api/articles?lang=de", "lang"],
    ["/api/graph?minWeight=-1", "minWeight"],
  ])("refuses %s with 400 USAGE", async (path, field) => {
    const r = await get(path);
    expect(r.status).toBe(400);
    expect(code(r.body)).toBe("USAGE");
    expect(JSON.stringify(r.body)).toContain(field);
  });

  it("answers unknown API routes with a JSON 404", async () => {
    const r = await get("/api/nothing-here");
    expect(r.status).toBe(404);
    expect(code(r.body)).toBe("NOT_FOUND");
  });

  it("passes hostile filter values as data, never as SQL", async () => {
    const r = await get(`/api/events?actor=${encodeURIComponent("x' OR '1'='1")}`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(0);
    const s = await get(`/api/articles?search=${encodeURIComponent("%' OR 1=1 --")}`);
    expect(s.body.total).toBe(0);
  });
});

describe("POST /api/analyze", () => {
  it("returns gold annotations and stores nothing", async () => {
    const before = (await get("/api/stats")).body;
    const r = await post("/api/analyze", {
      text: "Le président de Valmonde, Arno Pelt, a accusé mardi l'armée d'Orlanie.",
      lang: "fr",
      published: "2024-02-01",
    });
    expect(r.status).toBe(200);
    expect(S.GoldArticleSchema.safeParse(r.body).error).toBeUndefined();
    expect(r.body.lang).toBe("fr");
    expect((r.body.entities as unknown[]).length).toBeGreaterThan(0);
    expect((await get("/api/stats")).body).toEqual(before);
  });

  it.each([
    ["not JSON", "{text:", 400, "INPUT_JSON"],
    ["no text", {}, 400, "USAGE"],
    ["empty text", { text: "" }, 400, "USAGE"],
    ["blank text", { text: "  \n " }, 400, "INPUT_EMPTY"],
    ["text not a string", { text: 42 }, 400, "USAGE"],
    ["unknown language", { text: "Bonjour.", lang: "de" }, 400, "USAGE"],
    ["bad date", { text: "Bonjour.", published: "soon" }, 400, "USAGE"],
    ["unknown field", { text: "Bonjour.", html: true }, 400, "USAGE"],
    ["body over the limit", { text: "a ".repeat(40_000) }, 413, "INPUT_TOO_LARGE"],
  ])("refuses %s", async (_what, body, status, errCode) => {
    const r = await post("/api/analyze", body);
    expect(r.status).toBe(status);
    expect(code(r.body)).toBe(errCode);
  });

  it("refuses a body that is not declared as JSON", async () => {
    const r = await post("/api/analyze", JSON.stringify({ text: "Bonjour." }), {
      "Content-Type": "text/plain",
    });
    expect(r.status).toBe(400);
    expect(code(r.body)).toBe("USAGE");
  });
});

describe("POST /api/ingest", () => {
  const article = {
    id: "ingest-1",
    lang: "en",
    published: "2024-07-01",
    text: "The Orlan council rejected the offer of the Brisk militia on Friday.",
  };

  it.each([
    ["no Authorization header", {}],
    ["a wrong token", { Authorization: "Bearer nope" }],
    ["a non-bearer scheme", { Authorization: `Basic ${TOKEN}` }],
  ])("refuses %s with 401", async (_what, headers) => {
    const r = await post("/api/ingest", { articles: [article] }, headers);
    expect(r.status).toBe(401);
    expect(code(r.body)).toBe("UNAUTHORIZED");
    expect(r.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("stores with the token, idempotently, and reports per-article failures", async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const blank = { id: "ingest-blank", text: " \u200b " };
    const first = await post("/api/ingest", { articles: [article, blank] }, auth);
    expect(first.status).toBe(200);
    expect(S.IngestResultSchema.safeParse(first.body).error).toBeUndefined();
    expect(first.body).toMatchObject({ stored: 1, duplicates: 0, failed: 1 });
    const again = await post("/api/ingest", { articles: [article] }, auth);
    expect(again.body).toMatchObject({ stored: 0, duplicates: 1, failed: 0 });
    expect((await get("/api/articles/ingest-1")).status).toBe(200);
    expect((await get("/api/stats")).body.failures).toBe(1);
  });

  it("refuses every write when no token is configured", async () => {
    const open = await startTestServer({ token: undefined });
    try {
      const res = await fetch(new URL("/api/ingest", open.url), {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: "Bearer anything" },
        body: JSON.stringify({ articles: [article] }),
      });
      expect(res.status).toBe(401);
    } finally {
      await open.close();
    }
  });
});

describe("OpenAPI document", () => {
  it("describes every route with its parameters", async () => {
    const r = await get("/api/openapi.json");
    expect(r.body.openapi).toBe("3.1.0");
    const paths = r.body.paths as Record<string, Record<string, { parameters: { name: string }[] }>>;
    expect(Object.keys(paths).sort()).toEqual(
      [
        "/api/actors",
        "/api/actors/{id}",
        "/api/analyze",
        "/api/articles",
        "/api/articles/{id}",
        "/api/events",
        "/api/graph",
        "/api/health",
        "/api/ingest",
        "/api/stats",
      ].sort(),
    );
    expect(paths["/api/events"]!.get!.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(["actor", "type", "from", "to", "country", "modality", "bbox"]),
    );
    expect(paths["/api/ingest"]!.post).toHaveProperty("security");
  });
});

describe("static files and headers", () => {
  it("sends the Content-Security-Policy on every response", async () => {
    for (const p of ["/api/health", "/api/nothing", "/", "/no-such-file.js"]) {
      const res = await fetch(new URL(p, srv.url));
      await res.arrayBuffer();
      expect(res.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });

  it.each([
    "/../package.json",
    "/%2e%2e/package.json",
    "/..%2fpackage.json",
    "/assets/..%2f..%2f..%2fpackage.json",
    "/%2e%2e%2f%2e%2e%2fsrc%2fserver%2fapp.ts",
    "/index.html%00.js",
  ])("never serves a file outside the page folder: %s", async (p) => {
    // fetch() would normalise ../ away, so the raw path goes through node:http.
    const { request } = await import("node:http");
    const u = new URL(srv.url);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path: p }, (res) => {
        let b = "";
        res.on("data", (d) => (b += String(d)));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: b }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(404);
    expect(body).not.toContain('"name": "vigie"');
  });
});

describe("read cache", () => {
  it("serves repeated reads from the cache and forgets them when this server stores an article", async () => {
    const cached = await startTestServer({ cacheMs: 60_000 });
    try {
      const stats = async () =>
        (await (await fetch(new URL("/api/stats", cached.url))).json()) as { articles: number };
      const before = await stats();
      await cached.store.putArticle({ ...GEO_ARTICLE, id: "written-behind-the-cache" });
      expect(await stats()).toEqual(before);
      const res = await fetch(new URL("/api/ingest", cached.url), {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({
          articles: [{ id: "via-api", text: "The Orlan council met the Brisk envoy." }],
        }),
      });
      expect(res.status).toBe(200);
      expect((await stats()).articles).toBe(before.articles + 2);
    } finally {
      await cached.close();
    }
  });
});
