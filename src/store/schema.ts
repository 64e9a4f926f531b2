import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import { VigieError } from "../errors.js";

export interface ArticleRow {
  id: string;
  hash: string;
  lang: string | null;
  published: string | null;
  source: string | null;
  url: string | null;
  title: string | null;
  text: string;
  /** Lower-cased, accent-free title and text: LIKE on it is the same search on both dialects. */
  search: string;
  /** The article's entities, events and relations as analysed (JSON), for faithful read-back. */
  doc: string;
  diagnostics: string;
  n_entities: number;
  n_events: number;
  ingested_at: string;
}

export interface ActorRow {
  id: string;
  name: string;
  type: string;
  country: string | null;
  sector: string | null;
  first_seen: string | null;
  last_seen: string | null;
}

export interface ArticleEntityRow {
  article_id: string;
  local_id: string;
  actor_id: string;
}

export interface MentionRow {
  article_id: string;
  actor_id: string;
  surface: string;
  m_start: number;
  m_end: number;
}

export interface EventRow {
  id: string;
  merge_key: string;
  type: string;
  mode: string | null;
  cameo: string | null;
  source_ids: string;
  target_ids: string;
  source_names: string;
  target_names: string;
  location: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  date: string | null;
  date_precision: string;
  modality: string;
  reported_by: string;
  evidence: string;
  ev_start: number;
  ev_end: number;
  article_id: string;
  sources: number;
}

export interface EventActorRow {
  event_id: string;
  actor_id: string;
  role: string;
}

export interface EventReportRow {
  article_id: string;
  idx: number;
  event_id: string;
  evidence: string;
  ev_start: number;
  ev_end: number;
  modality: string;
}

export interface RelationRow {
  id: string;
  source_id: string;
  target_id: string;
  type: string;
  /** "" when the relation has no kind, so that the unique key also covers kind-less ties. */
  kind: string;
  first_seen: string | null;
  last_seen: string | null;
  evidence_count: number;
}

export interface RelationEvidenceRow {
  relation_id: string;
  article_id: string;
  idx: number;
  evidence: string;
  ev_start: number;
  ev_end: number;
  modality: string;
}

export interface FailureRow {
  origin: string;
  code: string;
  article_id: string | null;
  message: string;
  at: string;
}

export interface Database {
  articles: ArticleRow;
  actors: ActorRow;
  article_entities: ArticleEntityRow;
  mentions: MentionRow;
  events: EventRow;
  event_actors: EventActorRow;
  event_reports: EventReportRow;
  relations: RelationRow;
  relation_evidence: RelationEvidenceRow;
  failures: FailureRow;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema types */
const m001: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("articles")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("hash", "text", (c) => c.notNull().unique())
      .addColumn("lang", "text")
      .addColumn("published", "text")
      .addColumn("source", "text")
      .addColumn("url", "text")
      .addColumn("title", "text")
      .addColumn("text", "text", (c) => c.notNull())
      .addColumn("search", "text", (c) => c.notNull())
      .addColumn("doc", "text", (c) => c.notNull())
      .addColumn("diagnostics", "text", (c) => c.notNull())
      .addColumn("n_entities", "integer", (c) => c.notNull())
      .addColumn("n_events", "integer", (c) => c.notNull())
      .addColumn("ingested_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("articles_published").on("articles").column("published").execute();
    await db.schema
      .createTable("actors")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("country", "text")
      .addColumn("sector", "text")
      .addColumn("first_seen", "text")
      .addColumn("last_seen", "text")
      .execute();
    await db.schema.createIndex("actors_country").on("actors").column("country").execute();
    await db.schema
      .createTable("article_entities")
      .addColumn("article_id", "text", (c) => c.notNull().references("articles.id"))
      .addColumn("local_id", "text", (c) => c.notNull())
      .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id"))
      .addPrimaryKeyConstraint("article_entities_pk", ["article_id", "local_id"])
      .execute();
    await db.schema.createIndex("article_entities_actor").on("article_entities").column("actor_id").execute();
    await db.schema
      .createTable("mentions")
      .addColumn("article_id", "text", (c) => c.notNull().references("articles.id"))
      .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id"))
      .addColumn("surface", "text", (c) => c.notNull())
      .addColumn("m_start", "integer", (c) => c.notNull())
      .addColumn("m_end", "integer", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("mentions_actor").on("mentions").column("actor_id").execute();
    await db.schema.createIndex("mentions_article").on("mentions").column("article_id").execute();
    await db.schema
      .createTable("events")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("merge_key", "text", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("mode", "text")
      .addColumn("cameo", "text")
      .addColumn("source_ids", "text", (c) => c.notNull())
      .addColumn("target_ids", "text", (c) => c.notNull())
      .addColumn("source_names", "text", (c) => c.notNull())
      .addColumn("target_names", "text", (c) => c.notNull())
      .addColumn("location", "text")
      .addColumn("country", "text")
      .addColumn("lat", "double precision")
      .addColumn("lon", "double precision")
      .addColumn("date", "text")
      .addColumn("date_precision", "text", (c) => c.notNull())
      .addColumn("modality", "text", (c) => c.notNull())
      .addColumn("reported_by", "text", (c) => c.notNull())
      .addColumn("evidence", "text", (c) => c.notNull())
      .addColumn("ev_start", "integer", (c) => c.notNull())
      .addColumn("ev_end", "integer", (c) => c.notNull())
      .addColumn("article_id", "text", (c) => c.notNull().references("articles.id"))
      .addColumn("sources", "integer", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("events_merge").on("events").columns(["merge_key", "date"]).execute();
    await db.schema.createIndex("events_date").on("events").column("date").execute();
    await db.schema.createIndex("events_type").on("events").column("type").execute();
    await db.schema
      .createTable("event_actors")
      .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
      .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id"))
      .addColumn("role", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("event_actors_pk", ["event_id", "actor_id", "role"])
      .execute();
    await db.schema.createIndex("event_actors_actor").on("event_actors").column("actor_id").execute();
    await db.schema
      .createTable("event_reports")
      .addColumn("article_id", "text", (c) => c.notNull().references("articles.id"))
      .addColumn("idx", "integer", (c) => c.notNull())
      .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
      .addColumn("evidence", "text", (c) => c.notNull())
      .addColumn("ev_start", "integer", (c) => c.notNull())
      .addColumn("ev_end", "integer", (c) => c.notNull())
      .addColumn("modality", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("event_reports_pk", ["article_id", "idx"])
      .execute();
    await db.schema.createIndex("event_reports_event").on("event_reports").column("event_id").execute();
    await db.schema
      .createTable("relations")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("source_id", "text", (c) => c.notNull().references("actors.id"))
      .addColumn("target_id", "text", (c) => c.notNull().references("actors.id"))
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("first_seen", "text")
      .addColumn("last_seen", "text")
      .addColumn("evidence_count", "integer", (c) => c.notNull())
      .addUniqueConstraint("relations_key", ["source_id", "target_id", "type", "kind"])
      .execute();
    await db.schema.createIndex("relations_target").on("relations").column("target_id").execute();
    await db.schema
      .createTable("relation_evidence")
      .addColumn("relation_id", "text", (c) => c.notNull().references("relations.id"))
      .addColumn("article_id", "text", (c) => c.notNull().references("articles.id"))
      .addColumn("idx", "integer", (c) => c.notNull())
      .addColumn("evidence", "text", (c) => c.notNull())
      .addColumn("ev_start", "integer", (c) => c.notNull())
      .addColumn("ev_end", "integer", (c) => c.notNull())
      .addColumn("modality", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("relation_evidence_pk", ["relation_id", "article_id", "idx"])
      .execute();
    await db.schema
      .createTable("failures")
      .addColumn("origin", "text", (c) => c.notNull())
      .addColumn("code", "text", (c) => c.notNull())
      .addColumn("article_id", "text")
      .addColumn("message", "text", (c) => c.notNull())
      .addColumn("at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("failures_pk", ["origin", "code"])
      .execute();
  },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

const MIGRATIONS: Record<string, Migration> = { "001_initial": m001 };

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) };

/** Brings the schema up to date; kysely's migration lock keeps concurrent openers apart. */
export async function migrate(db: Kysely<Database>, dialect: "sqlite" | "postgres"): Promise<void> {
  // Kysely looks for its migration tables in every schema unless told which; on a server shared
  // by several schemas (search_path per connection) it must be this connection's own.
  const migrationTableSchema =
    dialect === "postgres"
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  const { error, results } = await new Migrator({ db, provider, migrationTableSchema }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new VigieError("STORE", `database migration ${failed} failed: ${String(error)}`, {
      cause: error,
    });
  }
}
