import { resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, sql } from "kysely";
import pg from "pg";
import { VigieError } from "../errors.js";
import { type Database, migrate } from "./schema.js";
import { SqlEventStore } from "./sql-store.js";
import type { EventStore } from "./types.js";

export * from "./types.js";
export { actorId, contentHash, foldText } from "./sql-store.js";

export const DEFAULT_DB = "./vigie.db";

export interface OpenStoreOptions {
  /** PostgreSQL connections in the pool (default 4). */
  poolSize?: number;
}

export type StoreLocation = { dialect: "sqlite"; path: string } | { dialect: "postgres"; url: string };

/** Shows a database URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/iu, "$1***@");
}

/** Where a --db value points: a path or sqlite:PATH is SQLite, postgres://… PostgreSQL. */
export function parseStoreUrl(url: string | undefined = process.env.VIGIE_DB): StoreLocation {
  const u = url === undefined || url === "" ? DEFAULT_DB : url;
  if (/^postgres(?:ql)?:\/\//iu.test(u)) return { dialect: "postgres", url: u };
  if (/^sqlite:/iu.test(u)) {
    const path = u.slice("sqlite:".length).replace(/^\/\/(?=\/)/u, "");
    if (path === "") throw new VigieError("STORE_URL", `"${u}" names no SQLite file`);
    return { dialect: "sqlite", path };
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//iu.test(u)) {
    throw new VigieError(
      "STORE_URL",
      `unsupported database URL "${redactUrl(u)}": use a file path, sqlite:PATH or postgres://USER@HOST/DB`,
    );
  }
  return { dialect: "sqlite", path: u };
}

/**
 * Opens (creating if needed) the event store and brings its schema up to date. No url: $VIGIE_DB,
 * else ./vigie.db.
 */
export async function openStore(url?: string, opts: OpenStoreOptions = {}): Promise<EventStore> {
  const loc = parseStoreUrl(url);
  if (loc.dialect === "sqlite") {
    let db: BetterSqlite3.Database;
    try {
      db = new BetterSqlite3(loc.path === ":memory:" ? loc.path : resolve(loc.path));
      // WAL: readers (the API) never block the ingest, and a killed writer loses at most its open
      // transaction. NORMAL sync is durable across process crashes, which is what WAL promises.
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma("busy_timeout = 10000");
      db.pragma("foreign_keys = ON");
    } catch (e) {
      throw new VigieError(
        "STORE",
        `cannot open the SQLite database ${loc.path}: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e, input: loc.path },
      );
    }
    const kdb = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachedStatements(db) }) });
    await migrateOrClose(kdb, loc.path, "sqlite");
    return new SqlEventStore(kdb, "sqlite");
  }
  const pool = new pg.Pool({ connectionString: loc.url, max: opts.poolSize ?? 4 });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on("error", () => {});
  const kdb = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(kdb);
  } catch (e) {
    await kdb.destroy().catch(() => {});
    throw new VigieError(
      "STORE",
      `cannot connect to ${redactUrl(loc.url)}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e, input: redactUrl(loc.url) },
    );
  }
  await migrateOrClose(kdb, redactUrl(loc.url), "postgres");
  return new SqlEventStore(kdb, "postgres");
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements can be reused, and preparing is a
 * good part of a small insert's cost. Kysely runs one statement at a time on this connection, so
 * sharing them is safe. Bounded, since multi-row inserts vary in shape.
 */
function cachedStatements(db: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => db.close(),
    prepare: (query: string) => {
      let st = cache.get(query);
      if (st === undefined) {
        if (cache.size >= 500) cache.clear();
        st = db.prepare(query);
        cache.set(query, st);
      }
      return st;
    },
  };
}

async function migrateOrClose(
  db: Kysely<Database>,
  where: string,
  dialect: "sqlite" | "postgres",
): Promise<void> {
  try {
    // Kysely's migration lock is a no-op on SQLite, where two processes opening a new file at once
    // may both try to create the tables: the loser finds them made, and a second pass sees the
    // migrations done.
    for (let attempt = 1; ; attempt++) {
      try {
        await migrate(db, dialect);
        break;
      } catch (e) {
        const raced =
          dialect === "sqlite" && /already exists|database is locked|SQLITE_BUSY/u.test(String(e));
        if (!raced || attempt >= 5) throw e;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  } catch (e) {
    await db.destroy().catch(() => {});
    if (e instanceof VigieError) throw new VigieError(e.code, `${where}: ${e.message}`, { cause: e });
    throw new VigieError("STORE", `${where}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
