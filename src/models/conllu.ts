import { readFileSync } from "node:fs";
import { VigieError } from "../errors.js";

/** One syntactic word of a CoNLL-U sentence (integer ID line). */
export interface UdWord {
  id: number;
  form: string;
  lemma: string;
  upos: string;
  xpos: string;
  feats: string;
  /** 0 for the root; -1 when the column is "_". */
  head: number;
  deprel: string;
  deps: string;
  misc: string;
}

/** A line that is not an integer-ID word: a multiword range "1-2" or an empty node "1.1". */
export interface UdExtraLine {
  kind: "range" | "empty";
  /** Raw ID column, e.g. "3-4" or "5.1". */
  id: string;
  /** Index in `words` before which the line appears (ranges precede their first word). */
  before: number;
  /** For ranges: first and last word ID covered. */
  from: number;
  to: number;
  /** The ten columns as read, so the line is written back unchanged. */
  columns: string[];
}

export interface UdSentence {
  comments: string[];
  words: UdWord[];
  extra: UdExtraLine[];
}

const fieldOrUnderscore = (s: string | undefined) => (s === undefined || s === "" ? "_" : s);

export function parseConllu(text: string, source = "conllu"): UdSentence[] {
  const out: UdSentence[] = [];
  let cur: UdSentence = { comments: [], words: [], extra: [] };
  const flush = () => {
    if (cur.words.length > 0 || cur.comments.length > 0 || cur.extra.length > 0) out.push(cur);
    cur = { comments: [], words: [], extra: [] };
  };
  const lines = text.split("\n");
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!.endsWith("\r") ? lines[ln]!.slice(0, -1) : lines[ln]!;
    if (line.trim() === "") {
      flush();
      continue;
    }
    if (line.startsWith("#")) {
      cur.comments.push(line);
      continue;
    }
    const cols = line.split("\t");
    if (cols.length !== 10) {
      throw new VigieError("GOLD_FORMAT", `${source}:${ln + 1}: expected 10 columns, got ${cols.length}`, {
        input: source,
      });
    }
    const id = cols[0]!;
    const dash = id.indexOf("-");
    const dot = id.indexOf(".");
    if (dash > 0) {
      cur.extra.push({
        kind: "range",
        id,
        before: cur.words.length,
        from: Number(id.slice(0, dash)),
        to: Number(id.slice(dash + 1)),
        columns: cols,
      });
      continue;
    }
    if (dot > 0) {
      const at = Number(id.slice(0, dot));
      cur.extra.push({ kind: "empty", id, before: cur.words.length, from: at, to: at, columns: cols });
      continue;
    }
    const n = Number(id);
    if (!Number.isInteger(n)) {
      throw new VigieError("GOLD_FORMAT", `${source}:${ln + 1}: bad ID "${id}"`, { input: source });
    }
    cur.words.push({
      id: n,
      form: cols[1]!,
      lemma: cols[2]!,
      upos: cols[3]!,
      xpos: cols[4]!,
      feats: cols[5]!,
      head: cols[6] === "_" ? -1 : Number(cols[6]),
      deprel: cols[7]!,
      deps: cols[8]!,
      misc: cols[9]!,
    });
  }
  flush();
  return out;
}

export function writeConllu(sentences: readonly UdSentence[]): string {
  const parts: string[] = [];
  for (const s of sentences) {
    const lines = [...s.comments];
    let e = 0;
    for (let i = 0; i <= s.words.length; i++) {
      while (e < s.extra.length && s.extra[e]!.before === i) lines.push(s.extra[e++]!.columns.join("\t"));
      const w = s.words[i];
      if (!w) continue;
      lines.push(
        [
          String(w.id),
          w.form,
          fieldOrUnderscore(w.lemma),
          fieldOrUnderscore(w.upos),
          fieldOrUnderscore(w.xpos),
          fieldOrUnderscore(w.feats),
          w.head < 0 ? "_" : String(w.head),
          fieldOrUnderscore(w.deprel),
          fieldOrUnderscore(w.deps),
          fieldOrUnderscore(w.misc),
        ].join("\t"),
      );
    }
    while (e < s.extra.length) lines.push(s.extra[e++]!.columns.join("\t"));
    parts.push(lines.join("\n") + "\n");
  }
  return parts.join("\n");
}

export function readConllu(path: string): UdSentence[] {
  return parseConllu(readFileSync(path, "utf8"), path);
}

/**
 * Surface-token view of a UD sentence, what the run-time tokeniser produces: each multiword token
 * ("du" = de + le, "dárselo" = dar + se + lo) becomes one token carrying the annotation of its
 * syntactic head word (the first word of the range whose head lies outside it); arcs into the
 * range are redirected to that token. Heads are 0-based token indexes, -1 for the root.
 */
export interface SurfaceSentence {
  forms: string[];
  lemmas: string[];
  upos: string[];
  feats: string[];
  heads: number[];
  deprels: string[];
}

export function toSurface(s: UdSentence): SurfaceSentence {
  const n = s.words.length;
  const tokenOf = new Int32Array(n + 1).fill(-1);
  const out: SurfaceSentence = { forms: [], lemmas: [], upos: [], feats: [], heads: [], deprels: [] };
  const repr: number[] = [];
  const ranges = s.extra.filter((x) => x.kind === "range");
  let r = 0;
  let i = 0;
  while (i < n) {
    const w = s.words[i]!;
    const range = ranges[r];
    if (range && range.from === w.id) {
      r++;
      const lo = i;
      let hi = i;
      while (hi + 1 < n && s.words[hi + 1]!.id <= range.to) hi++;
      let rep = lo;
      for (let k = lo; k <= hi; k++) {
        const h = s.words[k]!.head;
        if (h < s.words[lo]!.id || h > s.words[hi]!.id) {
          rep = k;
          break;
        }
      }
      const t = repr.length;
      for (let k = lo; k <= hi; k++) tokenOf[s.words[k]!.id] = t;
      repr.push(rep);
      out.forms.push(range.columns[1]!);
      i = hi + 1;
    } else {
      tokenOf[w.id] = repr.length;
      repr.push(i);
      out.forms.push(w.form);
      i++;
    }
  }
  for (const k of repr) {
    const w = s.words[k]!;
    out.lemmas.push(w.lemma);
    out.upos.push(w.upos);
    out.feats.push(w.feats);
    out.heads.push(w.head <= 0 ? -1 : tokenOf[w.head]!);
    out.deprels.push(w.deprel);
  }
  return out;
}

export interface NerSentence {
  tokens: string[];
  /** IOB2 tags ("O", "B-PER", "I-PER"). */
  tags: string[];
}

/** Maps the type spellings of the various corpora onto PER/ORG/LOC/MISC. */
export function normaliseNerType(t: string): string | null {
  const u = t.toUpperCase();
  if (u === "PER" || u === "PERS" || u === "PERSON") return "PER";
  if (u === "ORG" || u === "ORGANIZATION") return "ORG";
  if (u === "LOC" || u === "LOCATION" || u === "GPE") return "LOC";
  if (u === "MISC" || u === "PROD") return "MISC";
  return null;
}

/** Converts IOB1 (I- may open a span) or IOB2 tags to IOB2 with normalised types. */
export function toIob2(tags: readonly string[]): string[] {
  const out: string[] = [];
  let prevType: string | null = null;
  for (const raw of tags) {
    const dash = raw.indexOf("-");
    if (raw === "O" || dash < 0) {
      out.push("O");
      prevType = null;
      continue;
    }
    const prefix = raw.slice(0, dash);
    const type = normaliseNerType(raw.slice(dash + 1));
    if (type === null) {
      out.push("O");
      prevType = null;
      continue;
    }
    const begin = prefix === "B" || prefix === "S" || prefix === "U" || prevType !== type;
    out.push((begin ? "B-" : "I-") + type);
    prevType = prefix === "E" || prefix === "L" || prefix === "S" || prefix === "U" ? null : type;
  }
  return out;
}

/**
 * CoNLL-style NER: one token per line, token in the first column (after an optional numeric index
 * column, as in WikiNEuRal) and the tag in the last; blank lines end sentences; `-DOCSTART-` lines
 * are skipped; a "xx:" language prefix (WikiANN) is stripped when `stripLangPrefix` is given.
 */
export function parseConllNer(text: string, opts: { stripLangPrefix?: string } = {}): NerSentence[] {
  const out: NerSentence[] = [];
  let tokens: string[] = [];
  let tags: string[] = [];
  const flush = () => {
    if (tokens.length > 0) out.push({ tokens, tags: toIob2(tags) });
    tokens = [];
    tags = [];
  };
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") {
      flush();
      continue;
    }
    const cols = line.includes("\t") ? line.split("\t") : line.split(" ");
    if (cols[0] === "-DOCSTART-") {
      flush();
      continue;
    }
    let tok = cols.length >= 3 && /^\d+$/.test(cols[0]!) && line.includes("\t") ? cols[1]! : cols[0]!;
    if (opts.stripLangPrefix && tok.startsWith(opts.stripLangPrefix)) tok = tok.slice(opts.stripLangPrefix.length);
    tokens.push(tok);
    tags.push(cols.length > 1 ? cols[cols.length - 1]! : "O");
  }
  flush();
  return out;
}

/**
 * HIPE TSV (CLEF-HIPE 2020/2022): header line, "#" comment lines, TOKEN and NE-COARSE-LIT columns.
 * Documents have no sentence breaks, so a sentence is cut after a token that is ".", "!" or "?".
 */
export function parseHipeTsv(text: string): NerSentence[] {
  const out: NerSentence[] = [];
  let tokens: string[] = [];
  let tags: string[] = [];
  const flush = () => {
    if (tokens.length > 0) out.push({ tokens, tags: toIob2(tags) });
    tokens = [];
    tags = [];
  };
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.startsWith("TOKEN\t")) continue;
    if (line.startsWith("#")) {
      if (line.includes("document_id")) flush();
      continue;
    }
    if (line.trim() === "") continue;
    const cols = line.split("\t");
    tokens.push(cols[0]!);
    tags.push(cols[1] ?? "O");
    if (cols[0] === "." || cols[0] === "!" || cols[0] === "?") flush();
  }
  flush();
  return out;
}
