import { z } from "zod";
import * as S from "./schemas.js";

interface RouteDoc {
  method: "get" | "post";
  /** OpenAPI path, parameters in braces. */
  path: string;
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  auth?: boolean;
}

export const ROUTES: readonly RouteDoc[] = [
  { method: "get", path: "/api/health", summary: "Server and store status", response: S.HealthSchema },
  { method: "get", path: "/api/stats", summary: "Counts of stored items", response: S.StatsSchema },
  {
    method: "get",
    path: "/api/articles",
    summary: "List articles, newest first, with full-text search",
    query: S.ArticleListQuery,
    response: S.ArticlePage,
  },
  {
    method: "get",
    path: "/api/articles/{id}",
    summary: "One article with its annotations",
    response: S.StoredArticleSchema,
  },
  {
    method: "get",
    path: "/api/events",
    summary: "Query events by actor, type, date range, country, bounding box, modality",
    query: S.EventListQuery,
    response: S.EventPage,
  },
  {
    method: "get",
    path: "/api/actors",
    summary: "Search actors",
    query: S.ActorListQuery,
    response: S.ActorPage,
  },
  {
    method: "get",
    path: "/api/actors/{id}",
    summary: "An actor's profile: relations and events per month",
    response: S.ActorProfileSchema,
  },
  {
    method: "get",
    path: "/api/graph",
    summary: "Actor network (nodes and edges) for a time window",
    query: S.GraphQuery,
    response: S.GraphSchema,
  },
  {
    method: "post",
    path: "/api/analyze",
    summary: "Analyse one article and return its gold-format annotations; nothing is stored",
    body: S.AnalyzeBody,
    response: S.GoldArticleSchema,
  },
  {
    method: "post",
    path: "/api/ingest",
    summary: "Analyse and store articles (idempotent by content)",
    body: S.IngestBody,
    response: S.IngestResultSchema,
    auth: true,
  },
];

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
const outSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: "output", unrepresentable: "any" });

function parameters(r: RouteDoc): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const m of r.path.matchAll(/\{(\w+)\}/g))
    out.push({ name: m[1], in: "path", required: true, schema: { type: "string" } });
  if (r.query) {
    for (const [name, field] of Object.entries(r.query.shape)) {
      const f = field as z.ZodType;
      const js = schema(f) as { description?: string };
      const p: Record<string, unknown> = {
        name,
        in: "query",
        required: !f.safeParse(undefined).success,
        schema: js,
      };
      if (js.description) p.description = js.description;
      out.push(p);
    }
  }
  return out;
}

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) {
    const op: Record<string, unknown> = {
      summary: r.summary,
      operationId: `${r.method}${r.path.replace(/[{}]/g, "").replace(/\/(\w)/g, (_, c: string) => c.toUpperCase())}`,
      parameters: parameters(r),
      responses: {
        "200": { description: "OK", content: { "application/json": { schema: outSchema(r.response) } } },
        "400": errorResponse("Invalid parameters or body (code USAGE, INPUT_FIELD, INPUT_JSON, ...)"),
        ...(r.path.includes("{id}") ? { "404": errorResponse("Not found (code NOT_FOUND)") } : {}),
        ...(r.body ? { "413": errorResponse("Body too large (code INPUT_TOO_LARGE)") } : {}),
        ...(r.auth ? { "401": errorResponse("Missing or wrong token (code UNAUTHORIZED)") } : {}),
      },
    };
    if (r.body)
      op.requestBody = { required: true, content: { "application/json": { schema: schema(r.body) } } };
    if (r.auth) op.security = [{ bearer: [] }];
    (paths[r.path] ??= {})[r.method] = op;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Vigie API",
      version,
      description: "Events, actors and relations extracted from news articles.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: { Error: outSchema(S.ErrorSchema) },
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    },
  };
}
