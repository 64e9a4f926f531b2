import { randomBytes } from "node:crypto";
import pg from "pg";
import type { GoldArticle, GoldEntity, GoldEvent, GoldRelation } from "../../output/gold.js";

/** PostgreSQL for tests: set by .ci/run; suites that need it skip with a message when it is absent. */
export const TEST_PG = process.env.VIGIE_TEST_PG;
export const TEST_REDIS = process.env.VIGIE_TEST_REDIS;

if (!TEST_PG) console.log("VIGIE_TEST_PG is not set: PostgreSQL store tests are skipped");

/**
 * A private schema in the test database, so that test files running in parallel never see each
 * other's rows; the returned URL selects it through search_path.
 */
export async function freshPgSchema(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `vt_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const sep = base.includes("?") ? "&" : "?";
  return {
    url: `${base}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

interface EntitySpec {
  id: string;
  name: string;
  type?: string;
  country?: string;
  sector?: string;
  geo?: { lat: number; lon: number };
}

/**
 * Builds a gold article from a text and the entities, events and relations it states; spans are
 * found by searching the names in the text, so fixtures stay short and readable.
 */
export function article(
  id: string,
  text: string,
  opts: {
    published?: string;
    lang?: string;
    title?: string;
    entities?: EntitySpec[];
    events?: (Partial<GoldEvent> & { type: string; source: string[]; target?: string[] })[];
    relations?: (Partial<GoldRelation> & { type: string; source: string[]; target: string[] })[];
  } = {},
): GoldArticle {
  const entities = (opts.entities ?? []).map((e): GoldEntity => {
    const at = text.indexOf(e.name);
    const out: GoldEntity = {
      id: e.id,
      name: e.name,
      type: e.type ?? "ORG",
      mentions: [e.name],
      spans: at >= 0 ? [[at, at + e.name.length]] : [],
    };
    if (e.country) out.country = e.country;
    if (e.sector) out.sector = e.sector;
    if (e.geo) out.geo = { lat: e.geo.lat, lon: e.geo.lon };
    return out;
  });
  const events = (opts.events ?? []).map((e): GoldEvent => ({
    date_precision: e.date ? "day" : "unknown",
    modality: "asserted",
    reported_by: [],
    evidence: text.slice(0, 20),
    evidence_span: [0, Math.min(20, text.length)],
    target: [],
    ...e,
  }));
  const relations = (opts.relations ?? []).map((r): GoldRelation => ({
    modality: "asserted",
    evidence: text.slice(0, 10),
    evidence_span: [0, Math.min(10, text.length)],
    ...r,
  }));
  const a: GoldArticle = { id, text, entities, events, relations };
  if (opts.lang) a.lang = opts.lang;
  if (opts.published) a.published = opts.published;
  if (opts.title) a.title = opts.title;
  return a;
}
