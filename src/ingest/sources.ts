import { createReadStream } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { VigieError } from "../errors.js";
import { decodeBytes } from "../input/decode.js";
import {
  type ArticleInput,
  DEFAULT_MAX_ARTICLE_BYTES,
  type InputFailure,
  type ReadOptions,
  readArticles,
} from "../input/read.js";
import { isFeed, parseFeed } from "./feed.js";

/** Extensions read from folders; other files there are skipped with a warning. */
const ARTICLE_EXTENSIONS = new Set([".txt", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson"]);
const FEED_EXTENSIONS = new Set([".rss", ".atom", ".xml"]);
/** A feed carries many articles, so it may be this many times the size of one. */
const FEED_FACTOR = 50;

/** Files under a folder, depth first in name order, so that runs and progress are reproducible. */
async function* walk(dir: string, warn: (m: string) => void): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    warn(`${dir}: cannot list the folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p, warn);
    else if (e.isFile()) {
      const ext = extname(e.name).toLowerCase();
      if (ARTICLE_EXTENSIONS.has(ext) || FEED_EXTENSIONS.has(ext)) yield p;
      else warn(`${p}: skipped (not an article or feed file: ${ext || "no extension"})`);
    }
  }
}

/** Whether a file is a feed: by extension (.rss, .atom, .xml), or an .html or untyped file whose root is <rss>/<feed>. */
async function feedFile(path: string): Promise<boolean> {
  const ext = extname(path).toLowerCase();
  // An .xml file that is no feed is reported as such rather than read as plain text.
  if (FEED_EXTENSIONS.has(ext)) return true;
  if (ARTICLE_EXTENSIONS.has(ext) && ext !== ".html" && ext !== ".htm") return false;
  const head = await new Promise<string>((resolve) => {
    let s = "";
    const r = createReadStream(path, { start: 0, end: 1023, encoding: "utf8" });
    r.on("data", (d) => (s += String(d)));
    r.on("end", () => resolve(s));
    r.on("error", () => resolve(""));
  });
  return isFeed(head);
}

async function* readFeed(path: string, opts: ReadOptions): AsyncGenerator<ArticleInput | InputFailure> {
  const fail = (code: "INPUT_UNREADABLE" | "INPUT_TOO_LARGE", msg: string): InputFailure => ({
    origin: path,
    error: new VigieError(code, `${path}: ${msg}`, { input: path }),
  });
  const limit = (opts.maxArticleBytes ?? DEFAULT_MAX_ARTICLE_BYTES) * FEED_FACTOR;
  let buf: Buffer;
  try {
    const st = await stat(path);
    if (st.size > limit) {
      yield fail("INPUT_TOO_LARGE", `feed file is ${st.size} bytes; the limit is ${limit}`);
      return;
    }
    buf = await readFile(path);
  } catch (e) {
    yield fail("INPUT_UNREADABLE", `cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    return;
  }
  let xml: string;
  try {
    xml = decodeBytes(
      buf,
      path,
      opts.onWarning,
      /encoding\s*=\s*["']([\w-]+)/iu.exec(buf.subarray(0, 200).toString("latin1"))?.[1],
    );
  } catch (e) {
    yield { origin: path, error: e instanceof VigieError ? e : new VigieError("INPUT_ENCODING", String(e)) };
    return;
  }
  for (const item of parseFeed(xml, path)) {
    if ("error" in item) {
      yield item.id === undefined ? { origin: item.origin, error: item.error } : item;
      continue;
    }
    const a: ArticleInput = { id: item.id, text: item.text, origin: item.origin };
    const lang = item.lang ?? opts.lang;
    if (lang) a.lang = lang;
    const published = item.published ?? opts.published;
    if (published) a.published = published;
    if (item.title) a.title = item.title;
    if (item.url) a.url = item.url;
    if (item.source) a.source = item.source;
    yield a;
  }
}

/**
 * Articles from files, folders (recursively), RSS/Atom feeds and "-" (stdin), in order. Like
 * readArticles, problems with one input are yielded as failures and reading goes on.
 */
export async function* readSources(
  paths: string[],
  opts: ReadOptions = {},
): AsyncGenerator<ArticleInput | InputFailure> {
  const warn = opts.onWarning ?? (() => {});
  for (const path of paths) {
    if (path === "-") {
      yield* readArticles(["-"], opts);
      continue;
    }
    let dir = false;
    try {
      dir = (await stat(path)).isDirectory();
    } catch {
      // readArticles reports a missing or unreadable path with its own wording.
    }
    const files = dir ? walk(path, warn) : one(path);
    for await (const f of files) {
      if (await feedFile(f)) yield* readFeed(f, opts);
      else yield* readArticles([f], opts);
    }
  }
}

async function* one(path: string): AsyncGenerator<string> {
  yield path;
}

/** How many articles the inputs hold, for the progress bar's ETA; undefined when stdin is read. */
export async function countArticles(paths: string[]): Promise<number | undefined> {
  let n = 0;
  for (const path of paths) {
    if (path === "-") return undefined;
    let dir: boolean;
    try {
      dir = (await stat(path)).isDirectory();
    } catch {
      n += 1;
      continue;
    }
    for await (const f of dir ? walk(path, () => {}) : one(path)) n += await countFile(f);
  }
  return n;
}

async function countFile(path: string): Promise<number> {
  const ext = extname(path).toLowerCase();
  try {
    if (ext === ".jsonl" || ext === ".ndjson") {
      let lines = 0;
      let inLine = false;
      for await (const chunk of createReadStream(path)) {
        for (const b of chunk as Buffer) {
          if (b === 0x0a) {
            if (inLine) lines++;
            inLine = false;
          } else if (b !== 0x20 && b !== 0x0d && b !== 0x09) inLine = true;
        }
      }
      return lines + (inLine ? 1 : 0);
    }
    if (ext === ".json" || (await feedFile(path))) {
      const s = await readFile(path, "utf8");
      if (ext === ".json") return s.trimStart().startsWith("[") ? (s.match(/"text"\s*:/gu)?.length ?? 1) : 1;
      // A feed without items is still one input, which fails once.
      return Math.max(1, s.match(/<(?:item|entry)\b/giu)?.length ?? 0);
    }
  } catch {
    return 1;
  }
  return 1;
}
