/** Token range [start, end) into a document's TokenStore. */
export interface TokenSpan {
  start: number;
  end: number;
}

/** Character range [start, end) into a document's text, in UTF-16 code units. */
export type CharRange = [number, number];

export const LANGS = ["fr", "en", "es"] as const;
export type Lang = (typeof LANGS)[number];
export const isLang = (s: unknown): s is Lang =>
  typeof s === "string" && (LANGS as readonly string[]).includes(s);

export const ENTITY_TYPES = ["PER", "ORG", "GPE", "LOC", "EVT"] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const PLOVER_TYPES = [
  "AGREE",
  "CONSULT",
  "SUPPORT",
  "CONCEDE",
  "COOPERATE",
  "AID",
  "RETREAT",
  "REQUEST",
  "ACCUSE",
  "REJECT",
  "THREATEN",
  "PROTEST",
  "SANCTION",
  "MOBILIZE",
  "COERCE",
  "ASSAULT",
] as const;
export type PloverType = (typeof PLOVER_TYPES)[number];

export const MODALITIES = [
  "asserted",
  "reported",
  "alleged",
  "denied",
  "negated",
  "planned",
  "hypothetical",
] as const;
export type Modality = (typeof MODALITIES)[number];

export const RELATION_TYPES = ["SUPPORT", "OPPOSE", "MEMBER", "LEADS", "RECOGNIZE"] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

export const SUPPORT_KINDS = ["military", "economic", "political", "diplomatic"] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];

export type DatePrecision = "day" | "month" | "year" | "unknown";

export interface Geo {
  lat: number;
  lon: number;
  geonameid?: number;
  country?: string;
  feature?: string;
}

/** A stretch of text that refers to an actor or place. */
export interface Mention {
  span: TokenSpan;
  type: EntityType;
  /** Which component found it: "gazetteer", "kb", "pattern", "acronym", "ner", ... */
  origin: string;
  /** Knowledge-base id when the mention was matched against the KB. */
  kbId?: string;
  /** Index into `doc.entities`, set by the actors stage. */
  entity?: number;
  /** A name-like mention (true) or a description such as "le maréchal" (false). */
  named: boolean;
  /** ISO3 country read from the mention itself (a demonym in "l'armée turque"). */
  country?: string;
  /** Role read from a title before the mention ("le président X" → "president"). */
  role?: string;
  /** First token of an earlier or adjacent mention this description refers to (coreference). */
  refersTo?: number;
  /** First token of the actor a group description belongs to ("les forces de X" → X). */
  ownedBy?: number;
}

export interface Entity {
  id: string;
  name: string;
  type: EntityType;
  mentions: number[];
  kbId?: string;
  country?: string;
  sector?: string;
  role?: string;
  /** Index of another entity of the same document. */
  affiliation?: number;
  geo?: Geo;
}

export interface DateMention {
  range: CharRange;
  text: string;
  /** Reduced ISO form: YYYY-MM-DD, YYYY-MM or YYYY. */
  value: string;
  precision: Exclude<DatePrecision, "unknown">;
}

/** A span the statistical NER found, before the rule stages decide what it is. */
export interface NerSpan {
  span: TokenSpan;
  type: "PER" | "ORG" | "LOC" | "MISC";
}

export interface VEvent {
  type: PloverType;
  mode?: string;
  cameo?: string;
  source: number[];
  target: number[];
  trigger: TokenSpan;
  evidence: CharRange;
  date?: string;
  datePrecision: DatePrecision;
  location?: string;
  country?: string;
  locationEntity?: number;
  /** Coordinates of `location`, set by the places stage. */
  geo?: Geo;
  modality: Modality;
  reportedBy: number[];
  /** Which rule or lexicon entry produced it, for explanations. */
  origin: string;
  /** Where else the text reports the same event (title, lead, body), merged into this one. */
  alsoIn?: CharRange[];
}

export interface Relation {
  type: RelationType;
  kind?: SupportKind;
  source: number[];
  target: number[];
  modality: Modality;
  evidence: CharRange;
  origin: string;
}

export type Severity = "info" | "warning" | "error";

export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  stage?: string;
  range?: CharRange;
}

/** Names of the layers a stage may require or assign. */
export const LAYERS = [
  "text",
  "lang",
  "paragraphs",
  "sentences",
  "tokens",
  "tags",
  "deps",
  "ner",
  "mentions",
  "entities",
  "dates",
  "places",
  "events",
  "relations",
] as const;
export type LayerName = (typeof LAYERS)[number];
