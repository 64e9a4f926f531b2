import { createHash } from "node:crypto";
import { type ExpressionBuilder, type Expression, type Kysely, type SqlBool, sql } from "kysely";
import { VigieError } from "../errors.js";
import type { GoldArticle, GoldEvent } from "../output/gold.js";
import type { Database, EventRow } from "./schema.js";
import type {
  ActorGraph,
  ActorInfo,
  ActorProfile,
  ActorQuery,
  ArticleQuery,
  ArticleSummary,
  EventQuery,
  EventStore,
  GraphEdge,
  Page,
  StoreStats,
  StoredActor,
  StoredArticle,
  StoredDiagnostic,
  StoredEvent,
  StoredFailure,
} from "./types.js";

/** The idempotency key of an article: the same id and text always give the same hash. */
export function contentHash(id: string, text: string): string {
  return createHash("sha256").update(id).update("\u0000").update(text).digest("hex");
}

/** Lower case without accents: what searches compare, identically on SQLite and PostgreSQL. */
export function foldText(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

const slug = (s: string) =>
  foldText(s)
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/gu, "");

/**
 * The store-wide actor id of an entity: its name (the knowledge base's canonical one when it was
 * recognised) plus its country, so that "Russia"/RUS from two articles is one actor while two
 * people of the same name in different countries stay apart.
 */
export function actorId(e: { name: string; country?: string }): string {
  const base = slug(e.name) || "actor";
  return e.country ? `${base}.${e.country.toLowerCase()}` : base;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;
/** Serialises article writes across PostgreSQL connections and workers (see putArticle). */
const PG_WRITE_LOCK = 716_1923;

const dayShift = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** The date part of a publication timestamp; it dates the relations and actors an article shows. */
const seenDate = (published: string | undefined) =>
  published && /^\d{4}(?:-\d{2}){0,2}/u.test(published) ? published.slice(0, 10) : null;

const json = (v: unknown) => JSON.stringify(v);

/** Multi-row inserts in chunks that stay under SQLite's limit on bound parameters. */
async function insertChunks<T>(
  rows: T[],
  columns: number,
  insert: (rows: T[]) => Promise<unknown>,
): Promise<void> {
  const size = Math.max(1, Math.floor(30_000 / columns));
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

function invalidArticle(a: GoldArticle): VigieError | undefined {
  if (typeof a.id !== "string" || a.id === "" || typeof a.text !== "string") {
    return new VigieError("INPUT_FIELD", "an article needs a non-empty id and a text");
  }
  return undefined;
}
const parseList = (s: string): string[] => JSON.parse(s) as string[];
const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

function paging(q: { limit?: number; offset?: number }): { limit: number; offset: number } {
  const limit = q.limit ?? DEFAULT_LIMIT;
  const offset = q.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
    throw new VigieError("USAGE", `limit must be an integer between 0 and ${MAX_LIMIT}, not ${limit}`);
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new VigieError("USAGE", `offset must be a non-negative integer, not ${offset}`);
  }
  return { limit, offset };
}

/** An upper bound that keeps partial dates inclusive: "2019-02" takes in "2019-02-28". */
const upTo = (to: string) => `${to}~`;

type EventsEB = ExpressionBuilder<Database & { e: EventRow }, "e">;

export class SqlEventStore implements EventStore {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: "sqlite" | "postgres",
  ) {}

  async close(): Promise<void> {
    await this.db.destroy();
  }

  private async write<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    try {
      if (this.dialect === "sqlite") {
        // BEGIN IMMEDIATE takes the write lock up front, so that another process writing the same
        // file (a second ingest, the API) makes this one wait (busy_timeout) instead of failing
        // when its read-then-write transaction tries to upgrade.
        return await this.db.connection().execute(async (conn) => {
          await sql`begin immediate`.execute(conn);
          try {
            const out = await fn(conn);
            await sql`commit`.execute(conn);
            return out;
          } catch (e) {
            await sql`rollback`.execute(conn).catch(() => {});
            throw e;
          }
        });
      }
      return await this.db.transaction().execute(async (trx) => {
        // Actor and event merging read then write; one writer at a time keeps two workers from
        // creating the same actor, event or relation twice. Analysis, the slow part, runs unlocked.
        await sql`select pg_advisory_xact_lock(${PG_WRITE_LOCK})`.execute(trx);
        return fn(trx);
      });
    } catch (e) {
      if (e instanceof VigieError) throw e;
      throw new VigieError("STORE", `database write failed: ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
      });
    }
  }

  async hasHash(hash: string): Promise<boolean> {
    const row = await this.db.selectFrom("articles").select("id").where("hash", "=", hash).executeTakeFirst();
    return row !== undefined;
  }

  putArticle(
    article: GoldArticle,
    extra: { diagnostics?: StoredDiagnostic[] } = {},
  ): Promise<{ id: string; created: boolean }> {
    const bad = invalidArticle(article);
    if (bad) return Promise.reject(bad);
    return this.write((trx) => this.putOne(trx, article, extra.diagnostics ?? []));
  }

  /**
   * Stores several articles in one transaction (much faster than one each), with the same
   * idempotency; if the batch fails, each article is tried alone so one bad row spoils nothing.
   * Results are in input order; a failed article gets its error instead.
   */
  async putArticles(
    batch: { article: GoldArticle; diagnostics?: StoredDiagnostic[] }[],
  ): Promise<({ id: string; created: boolean } | { error: VigieError })[]> {
    const bad = batch.map((b) => invalidArticle(b.article));
    const good = batch.filter((_, i) => bad[i] === undefined);
    try {
      const stored = await this.write(async (trx) => {
        const out = [];
        for (const b of good) out.push(await this.putOne(trx, b.article, b.diagnostics ?? []));
        return out;
      });
      let k = 0;
      return batch
        .map((_, i) => bad[i] ?? stored[k++]!)
        .map((r) => (r instanceof VigieError ? { error: r } : r));
    } catch {
      const out: ({ id: string; created: boolean } | { error: VigieError })[] = [];
      for (const [i, b] of batch.entries()) {
        const err = bad[i];
        if (err) {
          out.push({ error: err });
          continue;
        }
        try {
          out.push(await this.putArticle(b.article, { diagnostics: b.diagnostics ?? [] }));
        } catch (e) {
          out.push({ error: e instanceof VigieError ? e : new VigieError("STORE", String(e)) });
        }
      }
      return out;
    }
  }

  private async putOne(
    trx: Kysely<Database>,
    article: GoldArticle,
    diagnostics: StoredDiagnostic[],
  ): Promise<{ id: string; created: boolean }> {
    const hash = contentHash(article.id, article.text);
    const existing = await trx
      .selectFrom("articles")
      .select("id")
      .where("hash", "=", hash)
      .executeTakeFirst();
    if (existing) return { id: existing.id, created: false };
    let id = article.id;
    const clash = await trx.selectFrom("articles").select("id").where("id", "=", id).executeTakeFirst();
    // Same id, other text (a corrected article, or two sources reusing a slug): both are kept.
    if (clash) id = `${article.id}~${hash.slice(0, 8)}`;
    const seen = seenDate(article.published);
    await trx
      .insertInto("articles")
      .values({
        id,
        hash,
        lang: article.lang ?? null,
        published: article.published ?? null,
        source: article.source ?? null,
        url: article.url ?? null,
        title: article.title ?? null,
        text: article.text,
        search: foldText(`${article.title ?? ""}\n${article.text}`),
        doc: json({ entities: article.entities, events: article.events, relations: article.relations }),
        diagnostics: json(diagnostics),
        n_entities: article.entities.length,
        n_events: article.events.length,
        ingested_at: new Date().toISOString(),
      })
      .execute();

    const actorOf = new Map<string, { id: string; name: string }>();
    const actorRows = new Map<string, Database["actors"]>();
    for (const e of article.entities) {
      const aid = actorId(e);
      actorOf.set(e.id, { id: aid, name: e.name });
      if (!actorRows.has(aid)) {
        actorRows.set(aid, {
          id: aid,
          name: e.name,
          type: e.type,
          country: e.country ?? null,
          sector: e.sector ?? null,
          first_seen: seen,
          last_seen: seen,
        });
      }
    }
    if (actorRows.size > 0) {
      await insertChunks([...actorRows.values()], 7, (rows) =>
        trx
          .insertInto("actors")
          .values(rows)
          .onConflict((oc) =>
            oc.column("id").doUpdateSet({
              sector: sql`coalesce(actors.sector, excluded.sector)`,
              first_seen: sql`case when actors.first_seen is null or actors.first_seen > excluded.first_seen then excluded.first_seen else actors.first_seen end`,
              last_seen: sql`case when actors.last_seen is null or actors.last_seen < excluded.last_seen then excluded.last_seen else actors.last_seen end`,
            }),
          )
          .execute(),
      );
      await insertChunks(
        [...actorOf].map(([local, a]) => ({ article_id: id, local_id: local, actor_id: a.id })),
        3,
        (rows) => trx.insertInto("article_entities").values(rows).execute(),
      );
      const mentions = article.entities.flatMap((e) =>
        (e.spans ?? []).map(([s, t]) => ({
          article_id: id,
          actor_id: actorOf.get(e.id)!.id,
          surface: article.text.slice(s, t),
          m_start: s,
          m_end: t,
        })),
      );
      await insertChunks(mentions, 5, (rows) => trx.insertInto("mentions").values(rows).execute());
    }

    const actors = (locals: string[]) =>
      locals.map((l) => actorOf.get(l)).filter((a): a is { id: string; name: string } => a !== undefined);
    const newEvents: EventRow[] = [];
    const roles: { event_id: string; actor_id: string; role: string }[] = [];
    const reports: Database["event_reports"][] = [];
    const mine = new Set<string>();
    for (const [idx, ev] of article.events.entries()) {
      const src = actors(ev.source);
      const tgt = actors(ev.target);
      const ids = (xs: { id: string }[]) => [...new Set(xs.map((x) => x.id))].sort().join(",");
      const mergeKey = [ev.type, ids(src), ids(tgt), foldText(ev.location ?? "")].join("|");
      let eventId = await this.findSameEvent(trx, mergeKey, ev, mine);
      if (eventId !== undefined) {
        await trx
          .updateTable("events")
          .set({ sources: sql`sources + 1` })
          .where("id", "=", eventId)
          .execute();
      } else {
        eventId = `${id}#${idx + 1}`;
        const place = ev.location ? article.entities.find((x) => x.name === ev.location && x.geo) : undefined;
        newEvents.push({
          id: eventId,
          merge_key: mergeKey,
          type: ev.type,
          mode: ev.mode ?? null,
          cameo: ev.cameo ?? null,
          source_ids: json(src.map((a) => a.id)),
          target_ids: json(tgt.map((a) => a.id)),
          source_names: json(src.map((a) => a.name)),
          target_names: json(tgt.map((a) => a.name)),
          location: ev.location ?? null,
          country: ev.country ?? null,
          lat: place?.geo?.lat ?? null,
          lon: place?.geo?.lon ?? null,
          date: ev.date ?? null,
          date_precision: ev.date_precision,
          modality: ev.modality,
          reported_by: json(actors(ev.reported_by).map((a) => a.id)),
          evidence: ev.evidence,
          ev_start: ev.evidence_span[0],
          ev_end: ev.evidence_span[1],
          article_id: id,
          sources: 1,
        });
        const r = new Map<string, { event_id: string; actor_id: string; role: string }>();
        for (const a of src) r.set(`s${a.id}`, { event_id: eventId, actor_id: a.id, role: "source" });
        for (const a of tgt) r.set(`t${a.id}`, { event_id: eventId, actor_id: a.id, role: "target" });
        roles.push(...r.values());
      }
      mine.add(eventId);
      reports.push({
        article_id: id,
        idx,
        event_id: eventId,
        evidence: ev.evidence,
        ev_start: ev.evidence_span[0],
        ev_end: ev.evidence_span[1],
        modality: ev.modality,
      });
    }
    await insertChunks(newEvents, 22, (rows) => trx.insertInto("events").values(rows).execute());
    await insertChunks(roles, 3, (rows) => trx.insertInto("event_actors").values(rows).execute());
    await insertChunks(reports, 7, (rows) => trx.insertInto("event_reports").values(rows).execute());

    const rels = new Map<string, Database["relations"]>();
    const evidence: Database["relation_evidence"][] = [];
    for (const [idx, r] of article.relations.entries()) {
      for (const s of actors(r.source)) {
        for (const t of actors(r.target)) {
          if (s.id === t.id) continue;
          const kind = r.kind ?? "";
          const relId = `${s.id}>${t.id}>${r.type}>${kind}`;
          const row = rels.get(relId);
          if (row) row.evidence_count++;
          else {
            rels.set(relId, {
              id: relId,
              source_id: s.id,
              target_id: t.id,
              type: r.type,
              kind,
              first_seen: seen,
              last_seen: seen,
              evidence_count: 1,
            });
          }
          evidence.push({
            relation_id: relId,
            article_id: id,
            idx,
            evidence: r.evidence,
            ev_start: r.evidence_span[0],
            ev_end: r.evidence_span[1],
            modality: r.modality,
          });
        }
      }
    }
    await insertChunks([...rels.values()], 8, (rows) =>
      trx
        .insertInto("relations")
        .values(rows)
        .onConflict((oc) =>
          oc.column("id").doUpdateSet({
            evidence_count: sql`relations.evidence_count + excluded.evidence_count`,
            first_seen: sql`case when relations.first_seen is null or relations.first_seen > excluded.first_seen then excluded.first_seen else relations.first_seen end`,
            last_seen: sql`case when relations.last_seen is null or relations.last_seen < excluded.last_seen then excluded.last_seen else relations.last_seen end`,
          }),
        )
        .execute(),
    );
    await insertChunks(evidence, 7, (rows) =>
      trx
        .insertInto("relation_evidence")
        .values(rows)
        .onConflict((oc) => oc.columns(["relation_id", "article_id", "idx"]).doNothing())
        .execute(),
    );
    return { id, created: true };
  }

  /**
   * The stored event this report is another account of: same type, actors and place, a
   * day-precise date within one day, and not already reported by this article (`mine`: the events
   * this article has reported so far, whose report rows are not written yet).
   */
  private async findSameEvent(
    trx: Kysely<Database>,
    mergeKey: string,
    ev: GoldEvent,
    mine: Set<string>,
  ): Promise<string | undefined> {
    if (!ev.date || ev.date_precision !== "day" || !/^\d{4}-\d{2}-\d{2}$/u.test(ev.date)) return undefined;
    const found = await trx
      .selectFrom("events as e")
      .select("e.id")
      .where("e.merge_key", "=", mergeKey)
      .where("e.date", ">=", dayShift(ev.date, -1))
      .where("e.date", "<=", dayShift(ev.date, 1))
      .where("e.date_precision", "=", "day")
      .orderBy("e.date")
      .orderBy("e.id")
      .limit(mine.size + 1)
      .execute();
    return found.find((f) => !mine.has(f.id))?.id;
  }

  async recordFailure(f: {
    origin: string;
    articleId?: string;
    code: string;
    message: string;
  }): Promise<void> {
    await this.write((trx) =>
      trx
        .insertInto("failures")
        .values({
          origin: f.origin,
          code: f.code,
          article_id: f.articleId ?? null,
          message: f.message,
          at: new Date().toISOString(),
        })
        .onConflict((oc) =>
          oc.columns(["origin", "code"]).doUpdateSet({
            message: sql`excluded.message`,
            article_id: sql`excluded.article_id`,
            at: sql`excluded.at`,
          }),
        )
        .execute(),
    );
  }

  async listFailures(q: { limit?: number; offset?: number } = {}): Promise<Page<StoredFailure>> {
    const { limit, offset } = paging(q);
    const rows = await this.db
      .selectFrom("failures")
      .selectAll()
      .orderBy("at")
      .orderBy("origin")
      .limit(limit)
      .offset(offset)
      .execute();
    const total = await this.count(this.db.selectFrom("failures"));
    return {
      total,
      items: rows.map((r) => {
        const out: StoredFailure = { origin: r.origin, code: r.code, message: r.message, at: r.at };
        if (r.article_id !== null) out.article_id = r.article_id;
        return out;
      }),
    };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any FROM clause of this schema
  private async count(qb: { select: (...a: any[]) => any }): Promise<number> {
    const row = (await qb.select(sql<number>`count(*)`.as("n")).executeTakeFirst()) as { n: number | string };
    return Number(row.n);
  }

  async getArticle(id: string): Promise<StoredArticle | undefined> {
    const row = await this.db.selectFrom("articles").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) return undefined;
    const doc = JSON.parse(row.doc) as Pick<GoldArticle, "entities" | "events" | "relations">;
    const ents = await this.db
      .selectFrom("article_entities")
      .select(["local_id", "actor_id"])
      .where("article_id", "=", id)
      .execute();
    const reps = await this.db
      .selectFrom("event_reports")
      .select(["idx", "event_id"])
      .where("article_id", "=", id)
      .execute();
    const actorOf = new Map(ents.map((e) => [e.local_id, e.actor_id]));
    const eventOf = new Map(reps.map((r) => [Number(r.idx), r.event_id]));
    const out: StoredArticle = {
      id: row.id,
      text: row.text,
      entities: doc.entities.map((e) => ({ ...e, actor_id: actorOf.get(e.id) ?? actorId(e) })),
      events: doc.events.map((e, i) => ({ ...e, event_id: eventOf.get(i) ?? "" })),
      relations: doc.relations,
      hash: row.hash,
      ingested_at: row.ingested_at,
      diagnostics: JSON.parse(row.diagnostics) as StoredDiagnostic[],
    };
    if (row.lang !== null) out.lang = row.lang;
    if (row.published !== null) out.published = row.published;
    if (row.source !== null) out.source = row.source;
    if (row.url !== null) out.url = row.url;
    if (row.title !== null) out.title = row.title;
    return out;
  }

  async listArticles(q: ArticleQuery): Promise<Page<ArticleSummary>> {
    const { limit, offset } = paging(q);
    const words = q.search ? foldText(q.search).split(/\s+/u).filter(Boolean) : [];
    const base = this.db.selectFrom("articles as a").where((eb) => {
      const c: Expression<SqlBool>[] = [];
      for (const w of words) c.push(eb("a.search", "like", `%${escapeLike(w)}%`));
      if (q.lang) c.push(eb("a.lang", "=", q.lang));
      if (q.from) c.push(eb("a.published", ">=", q.from));
      if (q.to) c.push(eb("a.published", "<", upTo(q.to)));
      return eb.and(c);
    });
    const rows = await base
      .select(["a.id", "a.lang", "a.published", "a.source", "a.url", "a.title", "a.ingested_at"])
      .select(["a.n_events", "a.n_entities"])
      .orderBy(sql`coalesce(a.published, '')`, "desc")
      .orderBy("a.id")
      .limit(limit)
      .offset(offset)
      .execute();
    const total = await this.count(base);
    return {
      total,
      items: rows.map((r) => {
        const s: ArticleSummary = {
          id: r.id,
          ingested_at: r.ingested_at,
          events: Number(r.n_events),
          entities: Number(r.n_entities),
        };
        if (r.lang !== null) s.lang = r.lang;
        if (r.published !== null) s.published = r.published;
        if (r.source !== null) s.source = r.source;
        if (r.url !== null) s.url = r.url;
        if (r.title !== null) s.title = r.title;
        return s;
      }),
    };
  }

  private eventWhere(eb: EventsEB, q: EventQuery): Expression<SqlBool> {
    const c: Expression<SqlBool>[] = [];
    if (q.actor) {
      const a = q.actor;
      const s = slug(a);
      c.push(
        eb.exists(
          eb
            .selectFrom("event_actors as ea")
            .select("ea.event_id")
            .whereRef("ea.event_id", "=", "e.id")
            .where((x) =>
              x.or([
                x("ea.actor_id", "=", a),
                x("ea.actor_id", "=", s),
                x("ea.actor_id", "like", `${escapeLike(s)}.%`),
              ]),
            ),
        ),
      );
    }
    if (q.type) c.push(eb("e.type", "=", q.type.toUpperCase()));
    if (q.from) c.push(eb("e.date", ">=", q.from));
    if (q.to) c.push(eb("e.date", "<", upTo(q.to)));
    if (q.country) c.push(eb("e.country", "=", q.country.toUpperCase()));
    if (q.modality) c.push(eb("e.modality", "=", q.modality));
    if (q.bbox) {
      const [minLon, minLat, maxLon, maxLat] = q.bbox;
      c.push(eb.between("e.lon", minLon, maxLon), eb.between("e.lat", minLat, maxLat));
    }
    if (q.article) {
      const art = q.article;
      c.push(
        eb.exists(
          eb
            .selectFrom("event_reports as r")
            .select("r.idx")
            .whereRef("r.event_id", "=", "e.id")
            .where("r.article_id", "=", art),
        ),
      );
    }
    return eb.and(c);
  }

  async queryEvents(q: EventQuery): Promise<Page<StoredEvent>> {
    const { limit, offset } = paging(q);
    const base = this.db.selectFrom("events as e").where((eb) => this.eventWhere(eb, q));
    const rows = await base
      .selectAll("e")
      .orderBy(sql`coalesce(e.date, '9999')`)
      .orderBy("e.id")
      .limit(limit)
      .offset(offset)
      .execute();
    const total = await this.count(base);
    const ids = rows.map((r) => r.id);
    const reports =
      ids.length === 0
        ? []
        : await this.db
            .selectFrom("event_reports")
            .select(["event_id", "article_id"])
            .where("event_id", "in", ids)
            .orderBy("article_id")
            .execute();
    const byEvent = new Map<string, Set<string>>();
    for (const r of rows) byEvent.set(r.id, new Set([r.article_id]));
    for (const r of reports) byEvent.get(r.event_id)?.add(r.article_id);
    return { total, items: rows.map((r) => toStoredEvent(r, [...(byEvent.get(r.id) ?? [])])) };
  }

  async queryActors(q: ActorQuery): Promise<Page<StoredActor>> {
    const { limit, offset } = paging(q);
    const base = this.db.selectFrom("actors as a").where((eb) => {
      const c: Expression<SqlBool>[] = [];
      if (q.search) c.push(eb("a.id", "like", `%${escapeLike(slug(q.search))}%`));
      if (q.country) c.push(eb("a.country", "=", q.country.toUpperCase()));
      if (q.type) c.push(eb("a.type", "=", q.type.toUpperCase()));
      return eb.and(c);
    });
    const rows = await base
      .selectAll("a")
      .select((eb) => [
        eb
          .selectFrom("article_entities as x")
          .select(sql<number>`count(*)`.as("n"))
          .whereRef("x.actor_id", "=", "a.id")
          .as("n_articles"),
        eb
          .selectFrom("event_actors as y")
          .select(sql<number>`count(distinct y.event_id)`.as("n"))
          .whereRef("y.actor_id", "=", "a.id")
          .as("n_events"),
      ])
      .orderBy("n_articles", "desc")
      .orderBy("a.id")
      .limit(limit)
      .offset(offset)
      .execute();
    const total = await this.count(base);
    const mentions = await this.mentionsOf(rows.map((r) => r.id));
    return {
      total,
      items: rows.map((r) =>
        toStoredActor(r, Number(r.n_articles ?? 0), Number(r.n_events ?? 0), mentions.get(r.id) ?? []),
      ),
    };
  }

  private async mentionsOf(ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (ids.length === 0) return out;
    const rows = await this.db
      .selectFrom("mentions")
      .select(["actor_id", "surface"])
      .select(sql<number>`count(*)`.as("n"))
      .where("actor_id", "in", ids)
      .groupBy(["actor_id", "surface"])
      .orderBy("n", "desc")
      .orderBy("surface")
      .execute();
    for (const r of rows) {
      const list = out.get(r.actor_id) ?? [];
      if (list.length < 30) list.push(r.surface);
      out.set(r.actor_id, list);
    }
    return out;
  }

  async getActors(ids: string[]): Promise<ActorInfo[]> {
    const out: ActorInfo[] = [];
    const unique = [...new Set(ids)];
    // Chunks stay under SQLite's bound-parameter limit.
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.db
        .selectFrom("actors")
        .select(["id", "name", "type", "country", "sector"])
        .where("id", "in", unique.slice(i, i + 500))
        .execute();
      for (const r of rows) {
        const a: ActorInfo = { id: r.id, name: r.name, type: r.type };
        if (r.country !== null) a.country = r.country;
        if (r.sector !== null) a.sector = r.sector;
        out.push(a);
      }
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async getActor(id: string): Promise<ActorProfile | undefined> {
    const row = await this.db.selectFrom("actors").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) return undefined;
    const nArticles = await this.count(this.db.selectFrom("article_entities").where("actor_id", "=", id));
    const nEvents = Number(
      (
        await this.db
          .selectFrom("event_actors")
          .select(sql<number>`count(distinct event_id)`.as("n"))
          .where("actor_id", "=", id)
          .executeTakeFirst()
      )?.n ?? 0,
    );
    const mentions = (await this.mentionsOf([id])).get(id) ?? [];
    const rels = await this.db
      .selectFrom("relations as r")
      .innerJoin("actors as s", "s.id", "r.source_id")
      .innerJoin("actors as t", "t.id", "r.target_id")
      .select([
        "r.type",
        "r.kind",
        "r.source_id",
        "r.target_id",
        "r.first_seen",
        "r.last_seen",
        "r.evidence_count",
      ])
      .select(["s.name as source_name", "t.name as target_name"])
      .where((eb) => eb.or([eb("r.source_id", "=", id), eb("r.target_id", "=", id)]))
      .orderBy("r.evidence_count", "desc")
      .orderBy("r.id")
      .execute();
    const monthly = await this.db
      .selectFrom("events as e")
      .innerJoin("event_actors as ea", "ea.event_id", "e.id")
      .select([
        sql<string>`substr(e.date, 1, 7)`.as("month"),
        "e.type",
        sql<number>`count(distinct e.id)`.as("n"),
      ])
      .where("ea.actor_id", "=", id)
      .where("e.date", "is not", null)
      .groupBy([sql`substr(e.date, 1, 7)`, "e.type"])
      .orderBy("month")
      .orderBy("e.type")
      .execute();
    return {
      ...toStoredActor(row, nArticles, nEvents, mentions),
      relations: rels.map((r) => {
        const out = r.source_id === id;
        const rel: ActorProfile["relations"][number] = {
          type: r.type,
          direction: out ? "out" : "in",
          other: out ? { id: r.target_id, name: r.target_name } : { id: r.source_id, name: r.source_name },
          evidence_count: Number(r.evidence_count),
        };
        if (r.kind) rel.kind = r.kind;
        if (r.first_seen !== null) rel.first_seen = r.first_seen;
        if (r.last_seen !== null) rel.last_seen = r.last_seen;
        return rel;
      }),
      monthly: monthly.map((m) => ({ month: m.month, type: m.type, count: Number(m.n) })),
    };
  }

  async graph(q: { from?: string; to?: string; minWeight?: number }): Promise<ActorGraph> {
    const minWeight = q.minWeight ?? 1;
    const rels = await this.db
      .selectFrom("relations as r")
      .selectAll("r")
      .where((eb) => {
        const c: Expression<SqlBool>[] = [eb("r.evidence_count", ">=", minWeight)];
        if (q.from) c.push(eb.or([eb("r.last_seen", "is", null), eb("r.last_seen", ">=", q.from)]));
        if (q.to) c.push(eb.or([eb("r.first_seen", "is", null), eb("r.first_seen", "<", upTo(q.to))]));
        return eb.and(c);
      })
      .orderBy("r.id")
      .execute();
    const dated = (eb: EventsEB) => {
      const c: Expression<SqlBool>[] = [];
      if (q.from) c.push(eb("e.date", ">=", q.from));
      if (q.to) c.push(eb("e.date", "<", upTo(q.to)));
      return eb.and(c);
    };
    const pairs = await this.db
      .selectFrom("events as e")
      .innerJoin("event_actors as s", (j) => j.onRef("s.event_id", "=", "e.id").on("s.role", "=", "source"))
      .innerJoin("event_actors as t", (j) => j.onRef("t.event_id", "=", "e.id").on("t.role", "=", "target"))
      .where((eb) => dated(eb))
      .whereRef("s.actor_id", "!=", "t.actor_id")
      .select([
        "s.actor_id as source",
        "t.actor_id as target",
        "e.type",
        sql<number>`count(distinct e.id)`.as("n"),
        sql<string | null>`min(e.date)`.as("first_seen"),
        sql<string | null>`max(e.date)`.as("last_seen"),
      ])
      .groupBy(["s.actor_id", "t.actor_id", "e.type"])
      .orderBy("s.actor_id")
      .orderBy("t.actor_id")
      .orderBy("e.type")
      .execute();
    const edges: GraphEdge[] = [];
    for (const r of rels) {
      const e: GraphEdge = {
        source: r.source_id,
        target: r.target_id,
        type: r.type,
        category: "relation",
        count: Number(r.evidence_count),
      };
      if (r.kind) e.kind = r.kind;
      if (r.first_seen !== null) e.first_seen = r.first_seen;
      if (r.last_seen !== null) e.last_seen = r.last_seen;
      edges.push(e);
    }
    for (const p of pairs) {
      if (Number(p.n) < minWeight) continue;
      const e: GraphEdge = {
        source: p.source,
        target: p.target,
        type: p.type,
        category: "event",
        count: Number(p.n),
      };
      if (p.first_seen !== null) e.first_seen = p.first_seen;
      if (p.last_seen !== null) e.last_seen = p.last_seen;
      edges.push(e);
    }
    const used = new Set(edges.flatMap((e) => [e.source, e.target]));
    if (used.size === 0) return { nodes: [], edges };
    const counts = await this.db
      .selectFrom("events as e")
      .innerJoin("event_actors as ea", "ea.event_id", "e.id")
      .where((eb) => dated(eb))
      .select(["ea.actor_id", sql<number>`count(distinct e.id)`.as("n")])
      .groupBy("ea.actor_id")
      .execute();
    const nEvents = new Map(counts.map((c) => [c.actor_id, Number(c.n)]));
    const actors = await this.db.selectFrom("actors").selectAll().orderBy("id").execute();
    const nodes = actors
      .filter((a) => used.has(a.id))
      .map((a) => {
        const n: ActorGraph["nodes"][number] = {
          id: a.id,
          name: a.name,
          type: a.type,
          events: nEvents.get(a.id) ?? 0,
        };
        if (a.country !== null) n.country = a.country;
        if (a.sector !== null) n.sector = a.sector;
        return n;
      });
    return { nodes, edges };
  }

  async stats(): Promise<StoreStats> {
    const [articles, events, actors, relations, failures] = await Promise.all([
      this.count(this.db.selectFrom("articles")),
      this.count(this.db.selectFrom("events")),
      this.count(this.db.selectFrom("actors")),
      this.count(this.db.selectFrom("relations")),
      this.count(this.db.selectFrom("failures")),
    ]);
    return { articles, events, actors, relations, failures };
  }
}

/** LIKE wildcards are dropped rather than escaped: SQLite and PostgreSQL escape differently. */
const escapeLike = (s: string) => s.replace(/[%_\\]/gu, "");

function toStoredEvent(r: EventRow, articles: string[]): StoredEvent {
  const e: StoredEvent = {
    id: r.id,
    type: r.type,
    source: parseList(r.source_ids),
    target: parseList(r.target_ids),
    source_names: parseList(r.source_names),
    target_names: parseList(r.target_names),
    date_precision: r.date_precision,
    modality: r.modality,
    reported_by: parseList(r.reported_by),
    evidence: r.evidence,
    evidence_span: [Number(r.ev_start), Number(r.ev_end)],
    article: r.article_id,
    articles,
    sources: Number(r.sources),
  };
  if (r.mode !== null) e.mode = r.mode;
  if (r.cameo !== null) e.cameo = r.cameo;
  if (r.location !== null) e.location = r.location;
  if (r.country !== null) e.country = r.country;
  if (r.lat !== null && r.lon !== null) e.geo = { lat: Number(r.lat), lon: Number(r.lon) };
  if (r.date !== null) e.date = r.date;
  return e;
}

function toStoredActor(
  r: Database["actors"],
  articles: number,
  events: number,
  mentions: string[],
): StoredActor {
  const a: StoredActor = { id: r.id, name: r.name, type: r.type, mentions, articles, events };
  const country = opt(r.country);
  const sector = opt(r.sector);
  if (country !== undefined) a.country = country;
  if (sector !== undefined) a.sector = sector;
  if (r.first_seen !== null) a.first_seen = r.first_seen;
  if (r.last_seen !== null) a.last_seen = r.last_seen;
  return a;
}
