import { createHash, timingSafeEqual } from "node:crypto";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import { ZodError } from "zod";
import { VigieError, isVigieError, toVigieError } from "../errors.js";
import type { EventStore } from "../store/types.js";
import { analyzeToGold, prepareText, type ParsedInput } from "./analyze.js";
import { httpStatusFor } from "./errors.js";
import { openApiDocument } from "./openapi.js";
import * as S from "./schemas.js";
import { ResponseCache } from "./cache.js";
import { loadStaticFiles, type StaticFile } from "./static.js";

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface AppOptions {
  store: EventStore;
  version: string;
  /** Bearer token required by writes; without one every write is refused. */
  token?: string | undefined;
  /** Folder of the built web page; "/" answers 404 with a hint when it has not been built. */
  webRoot?: string | undefined;
  maxBodyBytes?: number;
  /** How long a read answer may be reused (ms); 0 turns the cache off. Default 1000. */
  cacheMs?: number;
}

/**
 * Remote origins are forbidden outright: the page bundles its scripts, styles, map shapes and
 * fonts. Inline styles stay allowed because Leaflet and cytoscape position elements through them;
 * inline scripts do not.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const digest = (s: string) => createHash("sha256").update(s).digest();

function errorBody(e: VigieError, issues?: { path: string; message: string }[]) {
  return { error: { code: e.code, message: e.message, ...(issues ? { issues } : {}) } };
}

function zodIssues(e: ZodError): { path: string; message: string }[] {
  return e.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw r.error instanceof ZodError
    ? Object.assign(r.error, { what })
    : new VigieError("USAGE", `invalid ${what}`);
}

export function createApp(opts: AppOptions): Hono {
  const { store } = opts;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const tokenDigest = opts.token ? digest(opts.token) : undefined;
  const files: Map<string, StaticFile> = opts.webRoot ? loadStaticFiles(opts.webRoot) : new Map();
  const openapi = JSON.stringify(openApiDocument(opts.version));
  const cache = new ResponseCache(opts.cacheMs ?? 1000);
  const app = new Hono();
  const cachedJson = async (c: Context, compute: () => Promise<unknown>) =>
    c.body(await cache.get(c.req.url, compute), 200, { "Content-Type": "application/json" });

  app.use("*", async (c, next) => {
    await next();
    c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Frame-Options", "DENY");
    c.header("Cross-Origin-Resource-Policy", "same-origin");
  });

  app.onError((err, c) => {
    if (err instanceof ZodError) {
      const what = (err as ZodError & { what?: string }).what ?? "request";
      const issues = zodIssues(err);
      const first = issues[0];
      const msg = `invalid ${what}${first ? `: ${first.path ? `${first.path}: ` : ""}${first.message}` : ""}`;
      return c.json(errorBody(new VigieError("USAGE", msg), issues), 400);
    }
    const e = toVigieError(err);
    if (!isVigieError(err)) console.error(`vigie serve: ${c.req.method} ${c.req.path}:`, err);
    const status = httpStatusFor(e.code);
    // Internal details (stack, SQL) stay in the server log.
    const shown = status >= 500 && !isVigieError(err) ? new VigieError(e.code, "internal error") : e;
    return c.json(errorBody(shown), status);
  });

  const fail = (code: "NOT_FOUND" | "UNAUTHORIZED", message: string): never => {
    throw new VigieError(code, message);
  };

  const query = <T extends z.ZodObject>(c: Context, schema: T): z.output<T> =>
    parseWith(schema, c.req.query(), "query parameters");

  const jsonBody = async <T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> => {
    const type = c.req.header("content-type") ?? "";
    // Requiring JSON also keeps cross-site HTML forms out: they cannot send this type unasked.
    if (!/^application\/json\b/i.test(type))
      throw new VigieError("USAGE", "the body must be JSON (Content-Type: application/json)");
    const raw = await c.req.text();
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new VigieError("INPUT_JSON", `the body is not valid JSON (${(e as Error).message})`);
    }
    return parseWith(schema, value, "body");
  };

  const limit = bodyLimit({
    maxSize: maxBody,
    onError: (c) =>
      c.json(
        errorBody(new VigieError("INPUT_TOO_LARGE", `the body exceeds the limit of ${maxBody} bytes`)),
        413,
      ),
  });

  const requireToken = async (c: Context, next: () => Promise<void>) => {
    if (!tokenDigest)
      fail("UNAUTHORIZED", "writes are disabled: start the server with --token or VIGIE_TOKEN");
    const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
    if (!m || !timingSafeEqual(digest(m[1]!), tokenDigest!)) {
      c.header("WWW-Authenticate", 'Bearer realm="vigie"');
      fail("UNAUTHORIZED", "missing or wrong bearer token");
    }
    await next();
  };

  app.get("/api/health", async (c) =>
    c.json({ ok: true, version: opts.version, store: store.dialect, writable: tokenDigest !== undefined }),
  );
  app.get("/api/stats", (c) => cachedJson(c, () => store.stats()));
  app.get("/api/openapi.json", (c) => c.body(openapi, 200, { "Content-Type": "application/json" }));

  app.get("/api/articles", (c) => cachedJson(c, () => store.listArticles(query(c, S.ArticleListQuery))));
  app.get("/api/articles/:id", async (c) => {
    const id = c.req.param("id");
    const a = await store.getArticle(id);
    return a ? c.json(a) : fail("NOT_FOUND", `no article with id "${id}"`);
  });
  app.get("/api/events", (c) => cachedJson(c, () => store.queryEvents(query(c, S.EventListQuery))));
  app.get("/api/actors", (c) => cachedJson(c, () => store.queryActors(query(c, S.ActorListQuery))));
  app.get("/api/actors/:id", async (c) => {
    const id = c.req.param("id");
    const a = await store.getActor(id);
    return a ? c.json(a) : fail("NOT_FOUND", `no actor with id "${id}"`);
  });
  app.get("/api/graph", (c) => cachedJson(c, () => store.graph(query(c, S.GraphQuery))));

  app.post("/api/analyze", limit, async (c) => {
    const b = await jsonBody(c, S.AnalyzeBody);
    const id = b.id ?? "pasted";
    const input: ParsedInput = { id, text: prepareText(id, b.text, maxBody) };
    if (b.lang) input.lang = b.lang;
    if (b.published) input.published = b.published;
    if (b.title) input.title = b.title;
    return c.json(analyzeToGold(input).gold);
  });

  app.post("/api/ingest", requireToken, limit, async (c) => {
    const b = await jsonBody(c, S.IngestBody);
    const results: z.infer<typeof S.IngestResultSchema>["results"] = [];
    for (const a of b.articles) {
      // Analysis is synchronous: yielding between articles lets reads be answered meanwhile.
      await new Promise((r) => setImmediate(r));
      try {
        const input = { ...a, text: prepareText(a.id, a.text, maxBody) };
        const { gold, diagnostics } = analyzeToGold(input);
        const r = await store.putArticle(gold, { diagnostics });
        results.push({ id: r.id, status: r.created ? "created" : "duplicate", events: gold.events.length });
      } catch (e) {
        const err = toVigieError(e, "INTERNAL", a.id);
        if (httpStatusFor(err.code) === 503) throw err;
        await store.recordFailure({
          origin: `api:${a.id}`,
          articleId: a.id,
          code: err.code,
          message: err.message,
        });
        results.push({ id: a.id, status: "failed", error: { code: err.code, message: err.message } });
      }
    }
    if (results.some((r) => r.status === "created")) cache.clear();
    const count = (s: string) => results.filter((r) => r.status === s).length;
    return c.json({
      stored: count("created"),
      duplicates: count("duplicate"),
      failed: count("failed"),
      results,
    });
  });

  app.all("/api/*", (c) => {
    throw new VigieError("NOT_FOUND", `no API route ${c.req.method} ${c.req.path}`);
  });

  app.get("*", (c) => {
    const path = c.req.path === "/" ? "/index.html" : c.req.path;
    const f = files.get(path);
    if (!f) {
      if (path === "/index.html")
        return c.text("The web page has not been built: run `npm run build` (it builds dist/web).", 404);
      return c.text("not found", 404);
    }
    c.header("Content-Type", f.type);
    c.header("Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
    return c.body(f.body as Uint8Array<ArrayBuffer>);
  });

  return app;
}
