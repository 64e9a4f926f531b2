/**
 * Fixed label inventories shared by the models and the TokenStore columns. Indexes are part of
 * the binary model format and of stored documents: append, never reorder.
 */

/** UPOS tags; index 0 means "untagged", so `TokenStore.upos` can be zero-initialised. */
export const UPOS = [
  "_",
  "ADJ",
  "ADP",
  "ADV",
  "AUX",
  "CCONJ",
  "DET",
  "INTJ",
  "NOUN",
  "NUM",
  "PART",
  "PRON",
  "PROPN",
  "PUNCT",
  "SCONJ",
  "SYM",
  "VERB",
  "X",
] as const;

export type Upos = (typeof UPOS)[number];

const UPOS_INDEX = new Map<string, number>(UPOS.map((u, i) => [u, i]));

/** Index of a UPOS tag, X for unknown ones. */
export function uposIndex(tag: string): number {
  return UPOS_INDEX.get(tag) ?? UPOS_INDEX.get("X")!;
}

/**
 * Dependency labels: index 0 = none, then the 37 universal relations, then the subtypes that the
 * French, English and Spanish treebanks use and that matter downstream (passives, agents, relative
 * clauses, possessives). A subtype outside this list is reduced to its universal relation.
 */
export const DEPREL = [
  "_",
  "acl",
  "advcl",
  "advmod",
  "amod",
  "appos",
  "aux",
  "case",
  "cc",
  "ccomp",
  "clf",
  "compound",
  "conj",
  "cop",
  "csubj",
  "dep",
  "det",
  "discourse",
  "dislocated",
  "expl",
  "fixed",
  "flat",
  "goeswith",
  "iobj",
  "list",
  "mark",
  "nmod",
  "nsubj",
  "nummod",
  "obj",
  "obl",
  "orphan",
  "parataxis",
  "punct",
  "reparandum",
  "root",
  "vocative",
  "xcomp",
  "acl:relcl",
  "advcl:relcl",
  "aux:pass",
  "aux:tense",
  "aux:caus",
  "cc:preconj",
  "compound:prt",
  "csubj:pass",
  "det:poss",
  "det:predet",
  "expl:pass",
  "expl:pv",
  "expl:impers",
  "expl:subj",
  "flat:name",
  "flat:foreign",
  "iobj:agent",
  "nmod:poss",
  "nmod:tmod",
  "nmod:npmod",
  "nmod:unmarked",
  "nsubj:pass",
  "nsubj:caus",
  "nsubj:outer",
  "obj:agent",
  "obl:agent",
  "obl:arg",
  "obl:mod",
  "obl:tmod",
  "obl:npmod",
  "obl:unmarked",
] as const;

const DEPREL_INDEX = new Map<string, number>(DEPREL.map((d, i) => [d, i]));

/** Index of a dependency label; unknown subtypes fall back to their universal relation, then "dep". */
export function deprelIndex(label: string): number {
  const exact = DEPREL_INDEX.get(label);
  if (exact !== undefined) return exact;
  const colon = label.indexOf(":");
  if (colon > 0) {
    const base = DEPREL_INDEX.get(label.slice(0, colon));
    if (base !== undefined) return base;
  }
  return DEPREL_INDEX.get("dep")!;
}

/** Universal relation of a label index (subtype stripped), as CoNLL 2018 LAS compares them. */
export function deprelBase(label: string): string {
  const colon = label.indexOf(":");
  return colon > 0 ? label.slice(0, colon) : label;
}

/**
 * Morphological features kept by the tagger, packed into `TokenStore.feats` (Uint32): each feature
 * owns a bit field holding 0 (absent) or 1 + the index of its value. Multi-valued features
 * ("Gender=Fem,Masc") keep their first value.
 */
export const FEATS = {
  Mood: ["Ind", "Sub", "Imp", "Cnd"],
  Tense: ["Past", "Pres", "Fut", "Imp", "Pqp"],
  VerbForm: ["Fin", "Inf", "Part", "Ger", "Conv"],
  Person: ["1", "2", "3"],
  Number: ["Sing", "Plur"],
  Gender: ["Masc", "Fem", "Neut"],
  Voice: ["Act", "Pass"],
  Polarity: ["Pos", "Neg"],
} as const satisfies Record<string, readonly string[]>;

export type FeatName = keyof typeof FEATS;

export const FEAT_NAMES = Object.keys(FEATS) as FeatName[];

interface Field {
  shift: number;
  width: number;
  values: readonly string[];
}

const FIELDS: Record<FeatName, Field> = (() => {
  let shift = 0;
  const out = {} as Record<FeatName, Field>;
  for (const name of FEAT_NAMES) {
    const values = FEATS[name];
    const width = Math.ceil(Math.log2(values.length + 1));
    out[name] = { shift, width, values };
    shift += width;
  }
  return out;
})();

/** 1 + value index of `name` in `bits`, 0 when absent. */
export function featSlot(bits: number, name: FeatName): number {
  const f = FIELDS[name];
  return (bits >>> f.shift) & ((1 << f.width) - 1);
}

export function withFeatSlot(bits: number, name: FeatName, slot: number): number {
  const f = FIELDS[name];
  const m = ((1 << f.width) - 1) << f.shift;
  return ((bits & ~m) | ((slot << f.shift) & m)) >>> 0;
}

export function getFeat(bits: number, name: FeatName): string | undefined {
  const s = featSlot(bits, name);
  return s === 0 ? undefined : FIELDS[name].values[s - 1];
}

/** Parses a CoNLL-U FEATS string, keeping only the features above. */
export function encodeFeats(feats: string): number {
  if (feats === "_" || feats === "") return 0;
  let bits = 0;
  for (const pair of feats.split("|")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const name = pair.slice(0, eq) as FeatName;
    const f = FIELDS[name];
    if (!f) continue;
    const comma = pair.indexOf(",", eq);
    const value = comma < 0 ? pair.slice(eq + 1) : pair.slice(eq + 1, comma);
    const idx = f.values.indexOf(value);
    if (idx >= 0) bits = withFeatSlot(bits, name, idx + 1);
  }
  return bits;
}

/** CoNLL-U FEATS string of a bit set (features in alphabetical order, "_" when empty). */
export function decodeFeats(bits: number): string {
  const parts: string[] = [];
  for (const name of [...FEAT_NAMES].sort()) {
    const v = getFeat(bits, name);
    if (v !== undefined) parts.push(`${name}=${v}`);
  }
  return parts.length > 0 ? parts.join("|") : "_";
}

/** Number of bits used; must stay ≤ 32 for the Uint32 column. */
export const FEAT_BITS = FEAT_NAMES.reduce((n, k) => n + FIELDS[k].width, 0);
