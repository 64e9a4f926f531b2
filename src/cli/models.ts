import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { VDocument } from "../doc/document.js";
import { type ErrorCode, VigieError } from "../errors.js";
import {
  parseConllu,
  toIob2,
  toSurface,
  writeConllu,
  type UdSentence,
  type UdWord,
} from "../models/conllu.js";
import type { ModelLang } from "../models/data.js";
import { scoreParsing, scoreSpans, scoreTagging, type SpanScores } from "../models/evaluate.js";
import { kbGazetteer } from "../models/gazetteer.js";
import { NerTagger } from "../models/ner.js";
import { Parser } from "../models/parser.js";
import { Tagger } from "../models/tagger.js";
import { deprelBase, DEPREL, decodeFeats, encodeFeats, UPOS, uposIndex } from "../models/tagset.js";
import { eventModelPath } from "../models/events.js";
import { crossValidate, type CvFigures, type CvReport } from "../models/events-cv.js";
import { readGoldEvents, trainFromGold } from "../models/events-train.js";
import { train, type ModelKind, type TrainReport } from "../models/train.js";
import { segmentDocument } from "../stages/segment/segment.js";
import { EXIT } from "./exit.js";
import { write, type CliIO } from "./io.js";

export const MODEL_LANGS = ["fr", "en", "es"] as const;
export const MODEL_KINDS = ["tagger", "parser", "ner"] as const;

/** Two levels up from src/cli or dist/cli, so the bundled models/ are found wherever the package is installed. */
export const PACKAGE_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export function defaultModelsDir(): string {
  return resolve(PACKAGE_ROOT, "models");
}

export function defaultTrainingDataDir(): string {
  return process.env.VIGIE_DATA ?? resolve(PACKAGE_ROOT, "../shared/data");
}

function checkLang(lang: string | undefined): ModelLang {
  if (lang === "fr" || lang === "en" || lang === "es") return lang;
  if (lang === undefined) throw new VigieError("USAGE", "--lang is required (fr, en or es)");
  throw new VigieError("USAGE", `unsupported language "${lang ?? ""}" (fr, en or es)`);
}

// ---------------------------------------------------------------------------------------------
// Models, loaded on first use and only for the language asked (each is several MB to decode).

type Loaded = Tagger | Parser | NerTagger;
const cache = new Map<string, { mtimeMs: number; model: Loaded }>();

function modelPath(dir: string | undefined, lang: ModelLang, kind: ModelKind): string {
  return resolve(dir ?? defaultModelsDir(), lang, `${kind}.bin`);
}

function load<T extends Loaded>(path: string, kind: ModelKind, read: (p: string) => T): T {
  if (!existsSync(path)) {
    throw new VigieError(
      "MODEL_MISSING",
      `${kind} model not found: ${path} (train it with "vigie train ${kind}")`,
      { input: path },
    );
  }
  // The mtime keeps a long-lived process (tests, a server) from serving weights that were retrained.
  const mtimeMs = statSync(path).mtimeMs;
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === mtimeMs) return hit.model as T;
  const model = read(path);
  cache.set(path, { mtimeMs, model });
  return model;
}

const loadTagger = (dir: string | undefined, lang: ModelLang) =>
  load(modelPath(dir, lang, "tagger"), "tagger", (p) => Tagger.load(p));
const loadParser = (dir: string | undefined, lang: ModelLang) =>
  load(modelPath(dir, lang, "parser"), "parser", (p) => Parser.load(p));
const loadNer = (dir: string | undefined, lang: ModelLang) =>
  load(modelPath(dir, lang, "ner"), "ner", (p) => NerTagger.load(p, kbGazetteer(lang)));

// ---------------------------------------------------------------------------------------------
// Input.

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** Whole text of a file or of stdin ("-"), without a byte-order mark. */
async function readInput(path: string, io: CliIO): Promise<{ text: string; name: string }> {
  let text: string;
  if (path === "-") text = await readStream(io.stdin);
  else {
    if (!existsSync(path)) throw new VigieError("INPUT_NOT_FOUND", `${path}: no such file`, { input: path });
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new VigieError("INPUT_UNREADABLE", `${path}: cannot read: ${(e as Error).message}`, {
        cause: e,
        input: path,
      });
    }
  }
  return { text: text.startsWith("\uFEFF") ? text.slice(1) : text, name: path === "-" ? "<stdin>" : path };
}

const WORD_ID = /^[1-9]\d*$/u;
const RANGE_ID = /^([1-9]\d*)-([1-9]\d*)$/u;
const EMPTY_ID = /^\d+\.[1-9]\d*$/u;

/**
 * Checks what parseConllu takes on trust, so that a bad line is reported as file:line rather than
 * surfacing later as a wrong score or a crash: ten columns, well-formed and consecutive IDs,
 * ranges that start at the next word, non-empty forms and, for gold files, heads inside the sentence.
 */
function validateConllu(text: string, name: string, code: ErrorCode, gold: boolean): void {
  const fail = (ln: number, why: string) => new VigieError(code, `${name}:${ln}: ${why}`, { input: name });
  const lines = text.split("\n");
  let next = 1;
  let heads: [line: number, head: string][] = [];
  let rangeEnd = 0;
  let rangeLine = 0;
  const endSentence = () => {
    for (const [ln, h] of heads) {
      if (!/^\d+$/u.test(h) || Number(h) >= next) {
        throw fail(ln, `HEAD "${h}" is not 0 or a word ID of the sentence (1-${next - 1})`);
      }
    }
    if (rangeEnd >= next) throw fail(rangeLine, `multiword token runs past the last word of its sentence`);
    next = 1;
    heads = [];
    rangeEnd = 0;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.endsWith("\r") ? lines[i]!.slice(0, -1) : lines[i]!;
    const ln = i + 1;
    if (line.trim() === "") {
      endSentence();
      continue;
    }
    if (line.startsWith("#")) continue;
    const cols = line.split("\t");
    if (cols.length !== 10) throw fail(ln, `expected 10 tab-separated columns, got ${cols.length}`);
    const id = cols[0]!;
    if (cols[1] === "") throw fail(ln, `empty FORM`);
    if (WORD_ID.test(id)) {
      if (Number(id) !== next) throw fail(ln, `word ID ${id} out of sequence (expected ${next})`);
      next++;
      if (gold) heads.push([ln, cols[6]!]);
      continue;
    }
    const range = RANGE_ID.exec(id);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (rangeEnd >= next) throw fail(ln, `multiword token ${id} overlaps the previous one`);
      if (from !== next || to <= from)
        throw fail(ln, `multiword token ${id} must cover words ${next}-N, N > ${next}`);
      rangeEnd = to;
      rangeLine = ln;
      continue;
    }
    if (EMPTY_ID.test(id)) continue;
    throw fail(ln, `bad ID "${id}"`);
  }
  endSentence();
}

function readConlluChecked(text: string, name: string, code: ErrorCode, gold: boolean): UdSentence[] {
  validateConllu(text, name, code, gold);
  return parseConllu(text, name);
}

// ---------------------------------------------------------------------------------------------
// Tagging and parsing a CoNLL-U sentence.

/** Syntactic words [first, last] (indexes into `words`) that one surface token covers. */
interface Group {
  first: number;
  last: number;
  form: string;
}

function surfaceGroups(s: UdSentence): Group[] {
  const ranges = new Map<number, { to: number; form: string }>();
  for (const x of s.extra) if (x.kind === "range") ranges.set(x.from, { to: x.to, form: x.columns[1]! });
  const groups: Group[] = [];
  for (let i = 0; i < s.words.length;) {
    const w = s.words[i]!;
    const range = ranges.get(w.id);
    let last = i;
    if (range) while (last + 1 < s.words.length && s.words[last + 1]!.id <= range.to) last++;
    groups.push({ first: i, last, form: range ? range.form : w.form });
    i = last + 1;
  }
  return groups;
}

export interface ModelSet {
  tagger: Tagger;
  parser: Parser;
}

interface SentencePrediction {
  forms: string[];
  tagged: ReturnType<Tagger["tag"]>;
  parsed: ReturnType<Parser["parse"]>;
  words: UdWord[];
}

/** en "n't": never a word of its own on the surface, so the tagger has no reading of it alone. */
const NEGATION = /^n['’]t$/iu;

/**
 * How a non-head word of a multiword token attaches: `sibling` shares the head word's head (both
 * words depend on something outside the token), otherwise it depends on the head word.
 */
function attachment(upos: string, headUpos: string, lastPron: boolean): [sibling: boolean, deprel: string] {
  switch (upos) {
    case "DET":
      return [headUpos === "ADP", "det"];
    case "AUX":
      return [headUpos !== "VERB", "aux"];
    case "PART":
      return headUpos === "AUX" || headUpos === "VERB" ? [headUpos === "AUX", "advmod"] : [false, "case"];
    case "PRON":
      return [false, lastPron ? "obj" : "iobj"];
    case "ADP":
      return [false, "case"];
    case "CCONJ":
      return [false, "cc"];
    default:
      return [false, "dep"];
  }
}

/**
 * Tags and parses the surface tokens of `s` and maps the result onto its syntactic words; ID,
 * FORM, XPOS, DEPS and MISC are kept as given.
 *
 * The models see surface tokens (a multiword token such as fr "du" = de + le is one token), so
 * each multiword token has one prediction for several words. Its words are first tagged on their
 * own (a second tagger run over the word sequence); the word whose own UPOS equals the token's
 * predicted UPOS (else the first) is the head word and takes the token's prediction, mirroring
 * `toSurface`, which gives a token the annotation of its head word. The other words take the
 * relation their UPOS usually has inside such tokens (`attachment`), either under the head word
 * (clitics of a verb, es "dárselo"; en possessive "'s"; fr "auquel" = à + lequel) or beside it,
 * under the head word's head, where the treebanks attach both words outside the token: an article
 * contracted with its preposition (fr "du", "aux", es "del", "al") determines the preposition's
 * noun, and en "don't", "I'm" have "n't" and "'m" on the verb, like "do" and "I".
 */
function predictSentence(s: UdSentence, models: ModelSet): SentencePrediction {
  const groups = surfaceGroups(s);
  const forms = groups.map((g) => g.form);
  const tagged = models.tagger.tag(forms);
  const parsed = models.parser.parse(forms, tagged.upos);
  const hasRanges = groups.some((g) => g.last > g.first);
  const own = hasRanges ? models.tagger.tag(s.words.map((w) => w.form)) : tagged;
  const headWord = groups.map((g, t) => {
    for (let k = g.first; k <= g.last; k++) if (own.upos[k] === tagged.upos[t]) return k;
    return g.first;
  });
  const words: UdWord[] = s.words.map((w, k) =>
    NEGATION.test(w.form)
      ? { ...w, lemma: "not", upos: "PART", feats: "Polarity=Neg" }
      : {
          ...w,
          lemma: own.lemmas[k] ?? w.form,
          upos: UPOS[own.upos[k]!] ?? "X",
          feats: decodeFeats(own.feats[k] ?? 0),
        },
  );
  groups.forEach((g, t) => {
    const hw = words[headWord[t]!]!;
    const h = parsed.heads[t]!;
    hw.lemma = tagged.lemmas[t] ?? hw.form;
    hw.upos = UPOS[tagged.upos[t]!] ?? "X";
    hw.feats = decodeFeats(tagged.feats[t] ?? 0);
    hw.head = h < 0 ? 0 : s.words[headWord[h]!]!.id;
    hw.deprel = h < 0 ? "root" : (DEPREL[parsed.deprels[t]!] ?? "dep");
    const lastPron = (() => {
      for (let k = g.last; k >= g.first; k--) if (words[k]!.upos === "PRON" && words[k] !== hw) return k;
      return -1;
    })();
    for (let k = g.first; k <= g.last; k++) {
      const w = words[k]!;
      if (w === hw) continue;
      const [sibling, deprel] = attachment(w.upos, hw.upos, k === lastPron);
      w.head = sibling && hw.head > 0 ? hw.head : hw.id;
      w.deprel = deprel;
    }
  });
  return { forms, tagged, parsed, words };
}

// ---------------------------------------------------------------------------------------------
// vigie parse

export interface ParseOptions {
  lang: string;
  conllu?: string;
  models?: string;
}

export async function runParse(input: string | undefined, opts: ParseOptions, io: CliIO): Promise<number> {
  const lang = checkLang(opts.lang);
  if (opts.conllu !== undefined && input !== undefined) {
    throw new VigieError("USAGE", "give either a text file or --conllu FILE, not both");
  }
  if (opts.conllu === undefined && input === undefined) {
    throw new VigieError("USAGE", "give a text file, - for standard input, or --conllu FILE");
  }
  if (opts.conllu !== undefined) {
    const { text, name } = await readInput(opts.conllu, io);
    const sentences = readConlluChecked(text, name, "INPUT_FIELD", false);
    const models = { tagger: loadTagger(opts.models, lang), parser: loadParser(opts.models, lang) };
    const out = sentences.map((s) => ({ ...s, words: predictSentence(s, models).words }));
    await write(io.stdout, writeConllu(out));
    return EXIT.OK;
  }
  const { text, name } = await readInput(input!, io);
  const doc = new VDocument(text, { id: name, lang });
  segmentDocument(doc, lang);
  const models = { tagger: loadTagger(opts.models, lang), parser: loadParser(opts.models, lang) };
  const out: UdSentence[] = doc.sentences.map((span, n) => {
    const words: UdWord[] = [];
    for (let i = span.start; i < span.end; i++) {
      const spaceAfter = i + 1 < span.end && doc.tokens.start[i + 1] === doc.tokens.end[i];
      words.push({
        id: words.length + 1,
        form: doc.tokenText(i),
        lemma: "_",
        upos: "_",
        xpos: "_",
        feats: "_",
        head: -1,
        deprel: "_",
        deps: "_",
        misc: spaceAfter ? "SpaceAfter=No" : "_",
      });
    }
    const sentence: UdSentence = {
      comments: [`# sent_id = ${n + 1}`, `# text = ${doc.spanText(span).replace(/\s+/gu, " ")}`],
      words,
      extra: [],
    };
    return { ...sentence, words: predictSentence(sentence, models).words };
  });
  await write(io.stdout, writeConllu(out));
  return EXIT.OK;
}

// ---------------------------------------------------------------------------------------------
// vigie ner

export interface NerOptions {
  lang: string;
  conll: string;
  models?: string;
}

const isDocstart = (line: string) => line.startsWith("-DOCSTART-");

/** First column of a CoNLL token line: tab-separated when it has a tab, else space-separated. */
function firstColumn(line: string): string {
  return line.includes("\t") ? line.split("\t")[0]! : line.trim().split(/\s+/u)[0]!;
}

export async function runNer(opts: NerOptions, io: CliIO): Promise<number> {
  const lang = checkLang(opts.lang);
  const { text } = await readInput(opts.conll, io);
  const ner = loadNer(opts.models, lang);
  const lines = text.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const out: string[] = [];
  let pending: { body: string; eol: string }[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const tags = ner.tag(pending.map((p) => firstColumn(p.body)));
    pending.forEach((p, i) => out.push(`${p.body}\t${tags[i] ?? "O"}${p.eol}`));
    pending = [];
  };
  for (const raw of lines) {
    const eol = raw.endsWith("\r") ? "\r\n" : "\n";
    const body = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (body.trim() === "" || isDocstart(body)) {
      flush();
      out.push(raw + "\n");
      continue;
    }
    pending.push({ body, eol });
  }
  flush();
  await write(io.stdout, out.join(""));
  return EXIT.OK;
}

// ---------------------------------------------------------------------------------------------
// vigie eval parse / ner

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Columns aligned: the first to the left, the others (figures) to the right. */
function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export interface EvalModelOptions {
  lang: string;
  json?: boolean;
  models?: string;
  ignoreMisc?: boolean;
}

export interface ParseEvalReport {
  lang: ModelLang;
  file: string;
  sentences: number;
  /** Surface tokens (what the models see; multiword tokens collapsed as in SPLITS.md). */
  tokens: number;
  /** Syntactic words (integer-ID lines; empty nodes excluded). */
  words: number;
  /** Percentages on gold surface tokens, comparable with models/<lang>/{tagger,parser}.json. */
  tokenScores: {
    upos: number;
    feats: number;
    lemma: number;
    uas: number;
    las: number;
    lasFull: number;
    uasGoldTags: number;
    lasGoldTags: number;
  };
  /** Percentages on gold syntactic words, as `vigie parse --conllu` writes them (CoNLL 2018 LAS). */
  wordScores: { upos: number; feats: number; lemma: number; uas: number; las: number };
}

/**
 * Scores on gold tokenisation, punctuation included, LAS on universal relations (subtypes
 * stripped) as in the CoNLL 2018 shared task. Features count as right when every feature the
 * tagger models matches (evaluate.ts), on words as on tokens.
 */
export function evaluateParse(
  sentences: readonly UdSentence[],
  models: ModelSet,
  lang: ModelLang,
  file: string,
): ParseEvalReport {
  const gold = sentences.map(toSurface);
  const preds = sentences.map((s, i) => {
    const p = predictSentence(s, models);
    const g = gold[i]!;
    if (p.forms.length !== g.forms.length || p.forms.some((f, k) => f !== g.forms[k])) {
      throw new VigieError("GOLD_FORMAT", `${file}: sentence ${i + 1}: multiword tokens do not line up`, {
        input: file,
      });
    }
    return p;
  });
  const tag = scoreTagging(
    gold,
    preds.map((p) => p.tagged),
  );
  const parse = scoreParsing(
    gold,
    preds.map((p) => p.parsed),
  );
  const goldTags = scoreParsing(
    gold,
    gold.map((g) => models.parser.parse(g.forms, Uint8Array.from(g.upos, uposIndex))),
  );
  let n = 0;
  const hit = { upos: 0, feats: 0, lemma: 0, uas: 0, las: 0 };
  sentences.forEach((s, i) => {
    const p = preds[i]!.words;
    s.words.forEach((g, k) => {
      const w = p[k]!;
      n++;
      if (uposIndex(w.upos) === uposIndex(g.upos)) hit.upos++;
      if (encodeFeats(w.feats) === encodeFeats(g.feats)) hit.feats++;
      if (w.lemma === g.lemma) hit.lemma++;
      if (w.head === g.head) {
        hit.uas++;
        if (deprelBase(w.deprel) === deprelBase(g.deprel)) hit.las++;
      }
    });
  });
  const pct = (x: number) => round2(n === 0 ? 0 : (100 * x) / n);
  return {
    lang,
    file,
    sentences: sentences.length,
    tokens: tag.tokens,
    words: n,
    tokenScores: {
      upos: round2(tag.upos),
      feats: round2(tag.feats),
      lemma: round2(tag.lemma),
      uas: round2(parse.uas),
      las: round2(parse.las),
      lasFull: round2(parse.lasFull),
      uasGoldTags: round2(goldTags.uas),
      lasGoldTags: round2(goldTags.las),
    },
    wordScores: {
      upos: pct(hit.upos),
      feats: pct(hit.feats),
      lemma: pct(hit.lemma),
      uas: pct(hit.uas),
      las: pct(hit.las),
    },
  };
}

function formatParseReport(r: ParseEvalReport): string {
  const t = r.tokenScores;
  const w = r.wordScores;
  const f = (x: number | undefined) => (x === undefined ? "" : x.toFixed(2));
  return (
    `vigie eval parse (${r.lang}) ${r.file}: ${r.sentences} sentences, ${r.tokens} surface tokens, ${r.words} words\n` +
    table([
      ["metric", "tokens", "words"],
      ["UPOS", f(t.upos), f(w.upos)],
      ["feats", f(t.feats), f(w.feats)],
      ["lemma", f(t.lemma), f(w.lemma)],
      ["UAS", f(t.uas), f(w.uas)],
      ["LAS", f(t.las), f(w.las)],
      ["LAS (full labels)", f(t.lasFull), ""],
      ["UAS (gold UPOS)", f(t.uasGoldTags), ""],
      ["LAS (gold UPOS)", f(t.lasGoldTags), ""],
    ]) +
    "\n"
  );
}

export async function runEvalParse(file: string, opts: EvalModelOptions, io: CliIO): Promise<number> {
  const lang = checkLang(opts.lang);
  const { text, name } = await readInput(file, io);
  const sentences = readConlluChecked(text, name, "GOLD_FORMAT", true);
  const models = { tagger: loadTagger(opts.models, lang), parser: loadParser(opts.models, lang) };
  const report = evaluateParse(sentences, models, lang, name);
  await write(io.stdout, opts.json ? `${JSON.stringify(report)}\n` : formatParseReport(report));
  return EXIT.OK;
}

export interface NerEvalReport {
  lang: ModelLang;
  file: string;
  sentences: number;
  tokens: number;
  /** Whether MISC is left out of `overall` (it stays in `types`). */
  ignoreMisc: boolean;
  /** Exact-span precision, recall and F1 as fractions (conlleval), per type. */
  types: Record<string, SpanScores>;
  overall: SpanScores;
}

const NER_TAG = /^(?:O|[BIESLU]-\S+)$/u;

/**
 * CoNLL NER gold: token in the first column (the second after a numeric index column, as in
 * WikiNEuRal), IOB1 or IOB2 tag in the last; tags are normalised as for training (conllu.ts toIob2).
 */
function readNerGold(text: string, name: string): { tokens: string[]; tags: string[] }[] {
  const out: { tokens: string[]; tags: string[] }[] = [];
  let tokens: string[] = [];
  let tags: string[] = [];
  const flush = () => {
    if (tokens.length > 0) out.push({ tokens, tags: toIob2(tags) });
    tokens = [];
    tags = [];
  };
  text.split("\n").forEach((raw, i) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "" || isDocstart(line)) {
      flush();
      return;
    }
    const tab = line.includes("\t");
    const cols = tab ? line.split("\t") : line.trim().split(/\s+/u);
    const fail = (why: string) => new VigieError("GOLD_FORMAT", `${name}:${i + 1}: ${why}`, { input: name });
    if (cols.length < 2) throw fail("expected a token and a tag");
    const tag = cols[cols.length - 1]!;
    if (!NER_TAG.test(tag)) throw fail(`"${tag}" is not an IOB tag`);
    tokens.push(tab && cols.length >= 3 && /^\d+$/u.test(cols[0]!) ? cols[1]! : cols[0]!);
    tags.push(tag);
  });
  flush();
  return out;
}

export function evaluateNer(
  gold: readonly { tokens: string[]; tags: string[] }[],
  ner: NerTagger,
  lang: ModelLang,
  file: string,
  ignoreMisc: boolean,
): NerEvalReport {
  const goldTags = gold.map((s) => s.tags);
  const pred = gold.map((s) => ner.tag(s.tokens));
  const { ALL, ...types } = scoreSpans(goldTags, pred);
  // Blanking MISC leaves every other span unchanged: an I- tag after another type opens a span anyway.
  const noMisc = (tags: string[][]) => tags.map((t) => t.map((x) => (x.endsWith("-MISC") ? "O" : x)));
  const overall = ignoreMisc ? scoreSpans(noMisc(goldTags), noMisc(pred)).ALL : ALL;
  const empty: SpanScores = { precision: 0, recall: 0, f1: 0, gold: 0, predicted: 0 };
  return {
    lang,
    file,
    sentences: gold.length,
    tokens: gold.reduce((n, s) => n + s.tokens.length, 0),
    ignoreMisc,
    types,
    overall: overall ?? empty,
  };
}

function formatNerReport(r: NerEvalReport): string {
  const p = (x: number) => (100 * x).toFixed(2);
  const row = (label: string, s: SpanScores) => [
    label,
    p(s.precision),
    p(s.recall),
    p(s.f1),
    String(s.gold),
    String(s.predicted),
  ];
  const others = Object.keys(r.types).filter((t) => !r.ignoreMisc || t !== "MISC");
  return (
    `vigie eval ner (${r.lang}) ${r.file}: ${r.sentences} sentences, ${r.tokens} tokens, exact spans\n` +
    table([
      ["type", "P", "R", "F1", "gold", "pred"],
      ...Object.entries(r.types).map(([t, s]) => row(t, s)),
      row(`overall (${others.join(", ")})`, r.overall),
    ]) +
    "\n"
  );
}

export async function runEvalNer(file: string, opts: EvalModelOptions, io: CliIO): Promise<number> {
  const lang = checkLang(opts.lang);
  const { text, name } = await readInput(file, io);
  const gold = readNerGold(text, name);
  const report = evaluateNer(gold, loadNer(opts.models, lang), lang, name, opts.ignoreMisc !== false);
  await write(io.stdout, opts.json ? `${JSON.stringify(report)}\n` : formatNerReport(report));
  return EXIT.OK;
}

// ---------------------------------------------------------------------------------------------
// vigie train

export interface TrainCliOptions {
  lang?: string;
  data?: string;
  out?: string;
}

function summary(r: TrainReport, seconds: number, path: string): string {
  const dev = Object.entries(r.dev)
    .map(([k, v]) =>
      typeof v === "number"
        ? `${k} ${v.toFixed(2)}`
        : Object.entries(v)
            .map(([t, s]) => `${t} F1 ${(100 * s.f1).toFixed(2)}`)
            .join(", "),
    )
    .join(", ");
  return (
    `${r.kind} ${r.lang}: dev ${dev} (${r.devSentences} sentences); trained on ${r.trainSentences} sentences ` +
    `in ${seconds.toFixed(1)}s; ${(r.bytes / 1e6).toFixed(2)} MB written to ${path}\n`
  );
}

export async function runTrain(kind: string, opts: TrainCliOptions, io: CliIO): Promise<number> {
  const lang = checkLang(opts.lang);
  if (!(MODEL_KINDS as readonly string[]).includes(kind)) {
    throw new VigieError("USAGE", `unknown model "${kind}" (tagger, parser or ner)`);
  }
  const dataDir = resolve(opts.data ?? defaultTrainingDataDir());
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new VigieError("INPUT_NOT_FOUND", `training data folder not found: ${dataDir} (give --data DIR)`, {
      input: dataDir,
    });
  }
  const outDir = resolve(opts.out ?? defaultModelsDir());
  if (kind === "parser" && !existsSync(modelPath(outDir, lang, "tagger"))) {
    await write(
      io.stderr,
      `vigie: warning: no ${modelPath(outDir, lang, "tagger")}: train the tagger first for the parser's predicted-tag scores\n`,
    );
  }
  const t0 = performance.now();
  const report = train(kind as ModelKind, lang, {
    dataDir,
    outDir,
    log: (line) => void write(io.stderr, `${line}\n`),
  });
  const seconds = (performance.now() - t0) / 1000;
  await write(io.stdout, summary(report, seconds, modelPath(outDir, lang, kind as ModelKind)));
  return EXIT.OK;
}

export interface TrainEventsCliOptions {
  gold?: string[];
  out?: string;
  epochs?: number;
  seed?: number;
  retypeMargin?: number;
  cv?: string;
  folds?: number;
  models?: boolean;
}

function formatCv(r: CvReport): string {
  const row = (name: string, f: CvFigures) =>
    `${name.padEnd(8)} events P ${f.events.precision.toFixed(3)} R ${f.events.recall.toFixed(3)} ` +
    `F1 ${f.events.f1.toFixed(3)} (tp ${f.events.tp}, fp ${f.events.fp}, fn ${f.events.fn}); ignoring type F1 ` +
    `${f.eventsIgnoringType.f1.toFixed(3)}; gold type among the article's predicted types ${f.typeRecall.toFixed(3)}; ` +
    `predicted events with a gold type of their article ${f.typePrecision.toFixed(3)} (${f.predicted} predicted)\n`;
  return `${r.folds}-fold cross-validation over ${r.articles} articles\n${row("lexicon", r.lexicon)}${row("model", r.model)}`;
}

/** `vigie train events --gold FILE...`: the event-type classifier (src/models/events.ts). */
export async function runTrainEvents(opts: TrainEventsCliOptions, io: CliIO): Promise<number> {
  const files = opts.gold ?? [];
  if (files.length === 0 && opts.cv === undefined) {
    throw new VigieError("USAGE", "train events needs at least one --gold FILE.jsonl");
  }
  for (const [name, v] of [
    ["--epochs", opts.epochs],
    ["--seed", opts.seed],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < (name === "--epochs" ? 1 : 0))) {
      throw new VigieError(
        "USAGE",
        `${name} must be a ${name === "--epochs" ? "positive" : "non-negative"} integer`,
      );
    }
  }
  if (opts.retypeMargin !== undefined && !Number.isFinite(opts.retypeMargin)) {
    throw new VigieError("USAGE", "--retype-margin must be a number");
  }
  const articles = files.flatMap((f) => readGoldEvents(f));
  const t0 = performance.now();
  const trainOpts: Parameters<typeof trainFromGold>[1] = { sources: files.map((f) => basename(f)) };
  if (opts.epochs !== undefined) trainOpts.epochs = opts.epochs;
  if (opts.seed !== undefined) trainOpts.seed = opts.seed;
  if (opts.retypeMargin !== undefined) trainOpts.retypeMargin = opts.retypeMargin;
  if (opts.models) trainOpts.models = true;
  if (opts.cv !== undefined) {
    const heldOut = readGoldEvents(opts.cv);
    await write(
      io.stdout,
      formatCv(
        crossValidate(heldOut, articles, opts.folds ?? heldOut.length, trainOpts, opts.models === true),
      ),
    );
    return EXIT.OK;
  }
  const { model, report } = trainFromGold(articles, trainOpts);
  const out = resolve(opts.out ?? eventModelPath());
  const bytes = model.encode();
  try {
    writeFileSync(out, bytes);
  } catch (e) {
    throw new VigieError("INPUT_UNREADABLE", `${out}: cannot write: ${(e as Error).message}`, {
      cause: e,
      input: out,
    });
  }
  const labels = Object.entries(report.labels)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  await write(
    io.stdout,
    `events: ${report.examples} candidate events from ${report.articles} articles (${labels}); lexicon type ` +
      `agrees with gold on ${(100 * report.lexiconAgrees).toFixed(1)}%; trained in ` +
      `${((performance.now() - t0) / 1000).toFixed(1)}s; ${(bytes.length / 1e3).toFixed(1)} kB written to ${out}\n`,
  );
  return EXIT.OK;
}
