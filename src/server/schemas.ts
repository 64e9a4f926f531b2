import { z } from "zod";
import { LANGS, MODALITIES, PLOVER_TYPES } from "../doc/types.js";

/**
 * Request and response schemas of the HTTP API. The routes validate with them and the OpenAPI
 * document is generated from them (openapi.ts), so the two cannot drift apart.
 */

export const MAX_PAGE = 500;

const isoDate = z
  .string()
  .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, "expected an ISO date: YYYY, YYYY-MM or YYYY-MM-DD")
  .describe("ISO date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive");

const paging = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50).describe("page size"),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe("items to skip"),
};

const shortText = (what: string) => z.string().trim().min(1).max(200).describe(what);

export const ArticleListQuery = z.strictObject({
  search: shortText("words that must all occur in the title or text").optional(),
  lang: z.enum(LANGS).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  ...paging,
});

const bbox = z
  .string()
  .describe("minLon,minLat,maxLon,maxLat")
  .transform((s, ctx) => {
    const parts = s.split(",").map((x) => Number(x.trim()));
    const ok =
      parts.length === 4 &&
      parts.every((n) => Number.isFinite(n)) &&
      Math.abs(parts[0]!) <= 180 &&
      Math.abs(parts[2]!) <= 180 &&
      Math.abs(parts[1]!) <= 90 &&
      Math.abs(parts[3]!) <= 90 &&
      parts[0]! <= parts[2]! &&
      parts[1]! <= parts[3]!;
    if (!ok) {
      ctx.addIssue({ code: "custom", message: "bbox must be minLon,minLat,maxLon,maxLat within ±180/±90" });
      return z.NEVER;
    }
    return parts as [number, number, number, number];
  });

export const EventListQuery = z.strictObject({
  actor: shortText("actor id, or a name matched case-insensitively").optional(),
  type: z.enum(PLOVER_TYPES).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  country: z
    .string()
    .regex(/^[A-Z]{3}$/, "expected an ISO 3166 alpha-3 code")
    .optional()
    .describe("ISO3 country of the event"),
  modality: z.enum(MODALITIES).optional(),
  bbox: bbox.optional(),
  article: shortText("events reported by this article id").optional(),
  ...paging,
});

export const ActorListQuery = z.strictObject({
  search: shortText("part of a name or mention").optional(),
  country: z
    .string()
    .regex(/^[A-Z]{3}$/, "expected an ISO 3166 alpha-3 code")
    .optional(),
  type: z.enum(["PER", "ORG", "GPE", "LOC", "EVT"]).optional(),
  ...paging,
});

export const GraphQuery = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  minWeight: z.coerce.number().int().min(1).max(1_000_000).optional().describe("least edge count kept"),
});

export const AnalyzeBody = z.strictObject({
  text: z.string().min(1, "text is empty").describe("the article text (plain text)"),
  lang: z.enum(LANGS).optional().describe("language; detected when omitted"),
  published: isoDate.optional().describe("publication date, anchors relative dates"),
  id: z.string().min(1).max(200).optional(),
  title: z.string().max(2000).optional(),
});

const IngestArticle = z.strictObject({
  id: z.string().min(1).max(200),
  text: z.string().min(1, "text is empty"),
  lang: z.enum(LANGS).optional(),
  published: isoDate.optional(),
  title: z.string().max(2000).optional(),
  url: z.string().max(2000).optional(),
  source: z.string().max(200).optional(),
});

export const IngestBody = z.strictObject({
  articles: z.array(IngestArticle).min(1).max(1000),
});

const range = z.tuple([z.number().int(), z.number().int()]).describe("[start, end) in UTF-16 code units");
const geo = z.object({ lat: z.number(), lon: z.number() }).loose();

const GoldEntity = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    mentions: z.array(z.string()),
    spans: z.array(range),
    country: z.string().optional(),
    sector: z.string().optional(),
    role: z.string().optional(),
    affiliation: z.string().optional(),
    geo: geo.optional(),
  })
  .loose();

const GoldEvent = z
  .object({
    type: z.string(),
    mode: z.string().optional(),
    cameo: z.string().optional(),
    source: z.array(z.string()),
    target: z.array(z.string()),
    location: z.string().optional(),
    country: z.string().optional(),
    date: z.string().optional(),
    date_precision: z.string(),
    modality: z.string(),
    reported_by: z.array(z.string()),
    evidence: z.string(),
    evidence_span: range,
    geo: geo.optional().describe("coordinates of the event's place, when known"),
  })
  .loose();

const GoldRelation = z
  .object({
    type: z.string(),
    kind: z.string().optional(),
    source: z.array(z.string()),
    target: z.array(z.string()),
    modality: z.string(),
    evidence: z.string(),
    evidence_span: range,
  })
  .loose();

export const GoldArticleSchema = z
  .object({
    id: z.string(),
    lang: z.string().optional(),
    published: z.string().optional(),
    source: z.string().optional(),
    url: z.string().optional(),
    title: z.string().optional(),
    text: z.string(),
    entities: z.array(GoldEntity),
    events: z.array(GoldEvent),
    relations: z.array(GoldRelation),
  })
  .loose();

export const StoredArticleSchema = GoldArticleSchema.extend({
  hash: z.string(),
  ingested_at: z.string(),
  diagnostics: z.array(z.object({ severity: z.string(), code: z.string(), message: z.string() }).loose()),
});

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

export const ArticleSummarySchema = z
  .object({
    id: z.string(),
    lang: z.string().optional(),
    published: z.string().optional(),
    title: z.string().optional(),
    ingested_at: z.string(),
    events: z.number().int(),
    entities: z.number().int(),
  })
  .loose();

export const StoredEventSchema = GoldEvent.extend({
  id: z.string(),
  source_names: z.array(z.string()),
  target_names: z.array(z.string()),
  article: z.string(),
  articles: z.array(z.string()),
  sources: z.number().int(),
});

export const StoredActorSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    country: z.string().optional(),
    sector: z.string().optional(),
    mentions: z.array(z.string()),
    articles: z.number().int(),
    events: z.number().int(),
    first_seen: z.string().optional(),
    last_seen: z.string().optional(),
  })
  .loose();

export const ActorProfileSchema = StoredActorSchema.extend({
  relations: z.array(
    z
      .object({
        type: z.string(),
        kind: z.string().optional(),
        direction: z.enum(["out", "in"]),
        other: z.object({ id: z.string(), name: z.string() }),
        first_seen: z.string().optional(),
        last_seen: z.string().optional(),
        evidence_count: z.number().int(),
      })
      .loose(),
  ),
  monthly: z.array(z.object({ month: z.string(), type: z.string(), count: z.number().int() })),
});

export const GraphSchema = z.object({
  nodes: z.array(
    z
      .object({
        id: z.string(),
        name: z.string(),
        type: z.string(),
        country: z.string().optional(),
        sector: z.string().optional(),
        events: z.number().int(),
      })
      .loose(),
  ),
  edges: z.array(
    z
      .object({
        source: z.string(),
        target: z.string(),
        type: z.string(),
        kind: z.string().optional(),
        category: z.enum(["relation", "event"]),
        count: z.number().int(),
        first_seen: z.string().optional(),
        last_seen: z.string().optional(),
      })
      .loose(),
  ),
});

export const StatsSchema = z.object({
  articles: z.number().int(),
  events: z.number().int(),
  actors: z.number().int(),
  relations: z.number().int(),
  failures: z.number().int(),
});

export const HealthSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  store: z.enum(["sqlite", "postgres"]).optional(),
  writable: z.boolean().describe("whether a write token is configured"),
});

export const IngestResultSchema = z.object({
  stored: z.number().int(),
  duplicates: z.number().int(),
  failed: z.number().int(),
  results: z.array(
    z.object({
      id: z.string(),
      status: z.enum(["created", "duplicate", "failed"]),
      events: z.number().int().optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});

export const ErrorSchema = z.object({
  error: z.object({
    code: z.string().describe("stable error code (src/errors.ts)"),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export const ArticlePage = page(ArticleSummarySchema);
export const EventPage = page(StoredEventSchema);
export const ActorPage = page(StoredActorSchema);
export type EventRow = z.infer<typeof StoredEventSchema>;
