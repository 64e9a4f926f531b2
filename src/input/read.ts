import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import { basename, extname } from "node:path";
import type { AnalyzeInput } from "../analyze.js";
import { type ErrorCode, VigieError, toVigieError } from "../errors.js";
import { htmlToText, normalizeText } from "../stages/normalize/normalize.js";
import { binaryReason, decodeBytes, scanUtf8, utf16Bom } from "./decode.js";

export interface ArticleInput extends AnalyzeInput {
  /** Where the article came from, for messages: "news.jsonl:12", "a.txt", "<stdin>". */
  origin: string;
}

export interface InputFailure {
  origin: string;
  id?: string;
  error: VigieError;
}

export type InputFormat = "txt" | "html" | "jsonl" | "json";

export interface ReadOptions {
  /** Language of articles that do not state one. */
  lang?: string;
  /** Publication date of articles that do not state one (validated like the `published` field). */
  published?: string;
  /** Id of a single-article input (.txt, .html, stdin text); defaults to the file's base name. */
  id?: string;
  stdin?: NodeJS.ReadableStream;
  maxArticleBytes?: number;
  /** Overrides the format implied by file extensions and the sniffing of stdin. */
  format?: "auto" | InputFormat;
  /** Receives non-fatal remarks, such as a legacy encoding being guessed. */
  onWarning?: (msg: string) => void;
}

export const DEFAULT_MAX_ARTICLE_BYTES = 5 * 1024 * 1024;
export const STDIN_ORIGIN = "<stdin>";

/** Markup commonly weighs several times the text it carries. */
const HTML_FACTOR = 4;
/** A .json file must be parsed whole; beyond this JSONL is the way to go. */
const MIN_JSON_FILE_BYTES = 100 * 1024 * 1024;
/** Room for JSON escapes and the other fields of a JSONL line around its text. */
const JSONL_LINE_SLACK = 64 * 1024;

export const isInputFailure = (item: ArticleInput | InputFailure): item is InputFailure => "error" in item;

const PUBLISHED =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;

/**
 * Reduces an ISO 8601 date or timestamp to its date part (YYYY-MM-DD, YYYY-MM or YYYY), or
 * returns undefined when it is not one. The date is kept as written, not shifted to UTC: the
 * publisher's local day is the one the article's relative dates ("hier") count from.
 */
export function parsePublished(s: string): string | undefined {
  const m = PUBLISHED.exec(s.trim());
  if (m === null) return parseWrittenDate(s);
  const [, y, mo, d] = m;
  if (mo === undefined) return y;
  const month = Number(mo);
  if (month < 1 || month > 12) return undefined;
  if (d === undefined) return `${y}-${mo}`;
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return undefined;
  return `${y}-${mo}-${d}`;
}

const MONTHS: Record<string, number> = {};
for (const [i, names] of [
  "january jan janvier janv enero ene",
  "february feb février fevrier févr fevr febrero",
  "march mar mars marzo",
  "april apr avril avr abril abr",
  "may mai mayo",
  "june jun juin junio",
  "july jul juillet juil julio",
  "august aug août aout agosto ago",
  "september sep sept septembre septiembre setiembre",
  "october oct octobre octubre",
  "november nov novembre noviembre",
  "december dec décembre decembre déc diciembre dic",
].entries()) {
  for (const n of names.split(" ")) MONTHS[n] = i + 1;
}

const DAY_MONTH_YEAR =
  /(?<!\d)(\d{1,2})(?:st|nd|rd|th|er)?\s+(?:de\s+)?(\p{L}+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)/u;
const MONTH_DAY_YEAR = /(?<!\p{L})(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)/u;

/**
 * Dates written out in feeds and scraped pages ("Sat 9 Feb 2019", "February 9, 2019", "9 février
 * 2019", "9 de febrero de 2019"): the written calendar day, with no time-zone conversion.
 */
function parseWrittenDate(s: string): string | undefined {
  const dmy = DAY_MONTH_YEAR.exec(s);
  const mdy = dmy ? null : MONTH_DAY_YEAR.exec(s);
  const [day, monthName, year] = dmy ? [dmy[1], dmy[2], dmy[3]] : mdy ? [mdy[2], mdy[1], mdy[3]] : [];
  const month = monthName ? MONTHS[monthName.toLowerCase()] : undefined;
  if (!day || !year || !month) return undefined;
  return parsePublished(`${year}-${String(month).padStart(2, "0")}-${day.padStart(2, "0")}`);
}

const formatBytes = (n: number) => n.toLocaleString("en-US");

function failure(origin: string, code: ErrorCode, message: string, id?: string): InputFailure {
  const error = new VigieError(code, `${origin}: ${message}`, { input: origin });
  return id === undefined ? { origin, error } : { origin, id, error };
}

function tooLarge(origin: string, size: number, limit: number, what = "article"): InputFailure {
  return failure(
    origin,
    "INPUT_TOO_LARGE",
    `${what} is ${formatBytes(size)} bytes; the limit is ${formatBytes(limit)} (split it or raise --max-bytes)`,
  );
}

function formatOfPath(path: string): InputFormat | undefined {
  switch (extname(path).toLowerCase()) {
    case ".txt":
      return "txt";
    case ".html":
    case ".htm":
    case ".xhtml":
      return "html";
    case ".jsonl":
    case ".ndjson":
      return "jsonl";
    case ".json":
      return "json";
    default:
      return undefined;
  }
}

/** The base name without its extension: the id of a single-article file. */
function nameOf(base: string): string {
  const ext = extname(base);
  return ext === "" || ext === base ? base : base.slice(0, -ext.length);
}

interface Ctx {
  max: number;
  lang: string | undefined;
  published: string | undefined;
  id: string | undefined;
  format: InputFormat | undefined;
  warn: (msg: string) => void;
}

const fileLimit = (format: InputFormat, max: number) =>
  format === "html" ? max * HTML_FACTOR : format === "json" ? Math.max(max * 20, MIN_JSON_FILE_BYTES) : max;

type Item = ArticleInput | InputFailure;

/**
 * Reads articles from files and stdin ("-"), in order. Problems with one input or one JSONL line
 * are yielded as InputFailure and reading goes on; only invalid options throw.
 */
export async function* readArticles(
  paths: string[],
  opts: ReadOptions = {},
): AsyncGenerator<ArticleInput | InputFailure> {
  let published: string | undefined;
  if (opts.published !== undefined) {
    published = parsePublished(opts.published);
    if (published === undefined) {
      throw new VigieError(
        "USAGE",
        `publication date "${opts.published}" is not an ISO date (YYYY-MM-DD, YYYY-MM, YYYY or a timestamp)`,
      );
    }
  }
  const max = opts.maxArticleBytes ?? DEFAULT_MAX_ARTICLE_BYTES;
  if (!Number.isFinite(max) || max <= 0) {
    throw new VigieError("USAGE", `the article size limit must be a positive number of bytes, not ${max}`);
  }
  const ctx: Ctx = {
    max,
    lang: opts.lang,
    published,
    id: opts.id,
    format: opts.format === "auto" ? undefined : opts.format,
    warn: opts.onWarning ?? (() => {}),
  };
  for (const path of paths) {
    if (path === "-") yield* readStream(STDIN_ORIGIN, "stdin", opts.stdin ?? process.stdin, ctx);
    else yield* readPath(path, ctx);
  }
}

async function* readPath(path: string, ctx: Ctx): AsyncGenerator<Item> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") yield failure(path, "INPUT_NOT_FOUND", "no such file");
    else yield failure(path, "INPUT_UNREADABLE", `cannot read it (${code ?? String(e)})`);
    return;
  }
  if (st.isDirectory()) {
    yield failure(path, "INPUT_UNREADABLE", "is a directory, not a file");
    return;
  }
  const name = basename(path);
  const format = ctx.format ?? formatOfPath(path);
  if (!st.isFile()) {
    // A pipe or device (`<(cmd)`, /dev/stdin) has no size to check up front; stream it like stdin.
    yield* readStream(path, name, createReadStream(path), { ...ctx, format });
    return;
  }
  if (format === "jsonl") {
    yield* fromJsonl(createReadStream(path), path, name, ctx);
    return;
  }
  const f = format ?? "txt";
  const limit = fileLimit(f, ctx.max);
  if (st.size > limit) {
    yield tooLarge(path, st.size, limit, f === "txt" ? "article" : `${f.toUpperCase()} file`);
    return;
  }
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    yield failure(
      path,
      "INPUT_UNREADABLE",
      `cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
    return;
  }
  yield* fromBytes(f, buf, path, name, ctx);
}

const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
const BOM_BYTES = new Set([0xef, 0xbb, 0xbf]);

function sniff(b: number): InputFormat {
  if (b === 0x7b) return "jsonl";
  if (b === 0x5b) return "json";
  if (b === 0x3c) return "html";
  return "txt";
}

async function* readStream(
  origin: string,
  name: string,
  stream: AsyncIterable<Buffer | string>,
  ctx: Ctx,
): AsyncGenerator<Item> {
  const it = stream[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let format = ctx.format;
  try {
    while (format === undefined) {
      const r = await it.next();
      if (r.done === true) break;
      const chunk = toBuffer(r.value);
      head.push(chunk);
      const first = chunk.findIndex((b) => !isSpace(b) && !BOM_BYTES.has(b));
      if (first >= 0) format = sniff(chunk[first]!);
    }
  } catch (e) {
    await it.return?.();
    yield failure(origin, "INPUT_UNREADABLE", `cannot read it (${errorText(e)})`);
    return;
  }
  format ??= "txt";
  const chunks = replay(head, it);
  if (format === "jsonl") {
    yield* fromJsonl(chunks, origin, name, ctx);
    return;
  }
  const limit = fileLimit(format, ctx.max);
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of chunks) {
      size += chunk.length;
      // Past the limit keep counting, for the message, but stop keeping.
      if (size <= limit) parts.push(chunk);
    }
  } catch (e) {
    yield failure(origin, "INPUT_UNREADABLE", `cannot read it (${errorText(e)})`);
    return;
  }
  if (size > limit) {
    yield tooLarge(origin, size, limit, format === "txt" ? "article" : `${format.toUpperCase()} input`);
    return;
  }
  yield* fromBytes(format, Buffer.concat(parts, size), origin, name, ctx);
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
}

function errorText(e: unknown): string {
  return (e as NodeJS.ErrnoException | undefined)?.code ?? (e instanceof Error ? e.message : String(e));
}

async function* replay(head: Buffer[], it: AsyncIterator<Buffer | string>): AsyncGenerator<Buffer> {
  let done = false;
  try {
    yield* head;
    for (;;) {
      const r = await it.next();
      if (r.done === true) {
        done = true;
        return;
      }
      yield toBuffer(r.value);
    }
  } finally {
    if (!done) await it.return?.();
  }
}

const CHARSET = /charset\s*=\s*["']?([-\w]+)/i;

function* fromBytes(
  format: InputFormat,
  buf: Buffer,
  origin: string,
  name: string,
  ctx: Ctx,
): Generator<Item> {
  try {
    if (format === "json") {
      yield* fromJson(decodeBytes(buf, origin, ctx.warn), origin, name, ctx);
      return;
    }
    if (format === "html") {
      const declared = CHARSET.exec(buf.subarray(0, 2048).toString("latin1"))?.[1];
      const page = htmlToText(decodeBytes(buf, origin, ctx.warn, declared), origin);
      let published = ctx.published;
      if (published === undefined && page.published !== undefined) {
        published = parsePublished(page.published);
        if (published === undefined) {
          ctx.warn(
            `${origin}: ignoring the page's publication date "${page.published}", which is not an ISO date`,
          );
        }
      }
      yield article(
        origin,
        ctx.id ?? nameOf(name),
        page.text,
        {
          lang: ctx.lang ?? page.lang,
          published,
          title: page.title,
        },
        ctx,
      );
      return;
    }
    yield article(
      origin,
      ctx.id ?? nameOf(name),
      decodeBytes(buf, origin, ctx.warn),
      {
        lang: ctx.lang,
        published: ctx.published,
      },
      ctx,
    );
  } catch (e) {
    yield { origin, id: ctx.id ?? nameOf(name), error: toVigieError(e, "INPUT_UNREADABLE", origin) };
  }
}

interface Meta {
  lang?: string | undefined;
  published?: string | undefined;
  title?: string | undefined;
  url?: string | undefined;
  source?: string | undefined;
}

function article(origin: string, id: string, raw: string, meta: Meta, ctx: Ctx): Item {
  const text = normalizeText(raw);
  if (text.trim() === "") return failure(origin, "INPUT_EMPTY", "the article has no text", id);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > ctx.max) return { ...tooLarge(origin, bytes, ctx.max), id };
  const out: ArticleInput = { id, text, origin };
  for (const key of ["lang", "published", "title", "url", "source"] as const) {
    const v = meta[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function* fromJson(json: string, origin: string, name: string, ctx: Ctx): Generator<Item> {
  let value: unknown;
  try {
    value = JSON.parse(json.startsWith("\uFEFF") ? json.slice(1) : json);
  } catch (e) {
    yield failure(origin, "INPUT_JSON", `not valid JSON (${errorText(e)})`);
    return;
  }
  if (!Array.isArray(value)) {
    yield fromRecord(value, origin, nameOf(name), ctx);
    return;
  }
  for (const [i, v] of value.entries()) yield fromRecord(v, `${origin}[${i}]`, `${name}[${i}]`, ctx);
}

function optionalString(rec: Record<string, unknown>, key: string): string | undefined | Error {
  const v = rec[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") return new Error(`field "${key}" must be a string, not ${describe(v)}`);
  const t = v.trim();
  return t === "" ? undefined : t;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** Turns one JSON article object into an article, checking the type of every field we use. */
function fromRecord(value: unknown, origin: string, defaultId: string, ctx: Ctx): Item {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return failure(origin, "INPUT_FIELD", `expected an article object, got ${describe(value)}`);
  }
  const rec = value as Record<string, unknown>;
  let id = defaultId;
  const rawId = rec["id"];
  if (typeof rawId === "string" && rawId.trim() !== "") id = rawId.trim();
  else if (typeof rawId === "number" && Number.isFinite(rawId)) id = String(rawId);
  else if (rawId !== undefined && rawId !== null && rawId !== "") {
    return failure(origin, "INPUT_FIELD", `field "id" must be a string or a number, not ${describe(rawId)}`);
  }
  const text = rec["text"];
  if (text === undefined || text === null) return failure(origin, "INPUT_FIELD", 'no "text" field', id);
  if (typeof text !== "string") {
    return failure(origin, "INPUT_FIELD", `field "text" must be a string, not ${describe(text)}`, id);
  }
  const meta: Meta = {};
  for (const key of ["lang", "title", "url", "source"] as const) {
    const v = optionalString(rec, key);
    if (v instanceof Error) return failure(origin, "INPUT_FIELD", v.message, id);
    meta[key] = v;
  }
  meta.lang ??= ctx.lang;
  const dateKey = rec["published"] !== undefined && rec["published"] !== null ? "published" : "date";
  const date = optionalString(rec, dateKey);
  if (date instanceof Error) return failure(origin, "INPUT_FIELD", date.message, id);
  if (date !== undefined) {
    meta.published = parsePublished(date);
    if (meta.published === undefined) {
      // Scraped pages carry dates such as "49 minutes ago": the article is still worth analysing,
      // with absolute dates only, so it is kept and the field is reported, not the whole line.
      ctx.warn(
        `${origin}: ignoring field "${dateKey}" = "${date}", which is not a date (YYYY-MM-DD, YYYY-MM, YYYY, a timestamp or "9 Feb 2019")`,
      );
      meta.published = ctx.published;
    }
  } else meta.published = ctx.published;
  return article(origin, id, text, meta, ctx);
}

interface Line {
  n: number;
  size: number;
  /** Undefined when the line is over the limit and was not kept. */
  bytes: Buffer | undefined;
}

/** Splits a byte stream on LF without ever holding more than `limit` bytes of one line. */
async function* splitLines(chunks: AsyncIterable<Buffer | string>, limit: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let n = 1;
  for await (const c of chunks) {
    const chunk = toBuffer(c);
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const piece = chunk.subarray(start, nl < 0 ? chunk.length : nl);
      size += piece.length;
      if (size <= limit) parts.push(piece);
      else parts = [];
      if (nl < 0) break;
      yield { n, size, bytes: size <= limit ? Buffer.concat(parts, size) : undefined };
      n++;
      parts = [];
      size = 0;
      start = nl + 1;
    }
  }
  if (size > 0) yield { n, size, bytes: size <= limit ? Buffer.concat(parts, size) : undefined };
}

const blank = (buf: Buffer) => buf.every(isSpace);

async function* fromJsonl(
  chunks: AsyncIterable<Buffer | string>,
  origin: string,
  name: string,
  ctx: Ctx,
): AsyncGenerator<Item> {
  const lineLimit = ctx.max * 2 + JSONL_LINE_SLACK;
  let refused: InputFailure | undefined;
  // Judge binary-ness on the first chunk so that a binary file gives one failure, not one per
  // "line" it happens to contain.
  async function* checked(): AsyncGenerator<Buffer> {
    let first = true;
    for await (const c of chunks) {
      const chunk = toBuffer(c);
      if (first) {
        first = false;
        const binary = binaryReason(chunk);
        if (binary !== undefined) {
          refused = failure(origin, "INPUT_BINARY", `looks like binary data (${binary}), not JSONL`);
          return;
        }
        if (utf16Bom(chunk) !== undefined) {
          refused = failure(origin, "INPUT_ENCODING", "is UTF-16, and JSONL must be UTF-8");
          return;
        }
      }
      yield chunk;
    }
  }
  try {
    for await (const line of splitLines(checked(), lineLimit)) {
      const where = `${origin}:${line.n}`;
      let bytes = line.bytes;
      if (line.n === 1 && bytes?.[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
        bytes = bytes.subarray(3);
      if (bytes === undefined) {
        yield failure(
          where,
          "INPUT_TOO_LARGE",
          `line is ${formatBytes(line.size)} bytes, too long for an article of at most ${formatBytes(ctx.max)} bytes (split it or raise --max-bytes)`,
        );
        continue;
      }
      if (bytes.at(-1) === 0x0d) bytes = bytes.subarray(0, -1);
      if (blank(bytes)) continue;
      if (!isUtf8(bytes)) {
        const at = scanUtf8(bytes).firstInvalid;
        yield failure(
          where,
          "INPUT_ENCODING",
          `invalid UTF-8 at byte ${at} of the line; JSONL must be UTF-8`,
        );
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(bytes.toString("utf8"));
      } catch (e) {
        yield failure(where, "INPUT_JSON", `not valid JSON (${errorText(e)})`);
        continue;
      }
      yield fromRecord(value, where, `${name}:${line.n}`, ctx);
    }
  } catch (e) {
    yield failure(origin, "INPUT_UNREADABLE", `cannot read it (${errorText(e)})`);
    return;
  }
  if (refused !== undefined) yield refused;
}
