import type { Lang, Modality, PloverType, SupportKind } from "../doc/types.js";

/**
 * A word pattern in a lexicon: a lowercase word, matched against a token's lowercased text
 * with typographic apostrophes folded to "'". A trailing "*" makes it a prefix ("bombard*"
 * matches "bombardé", "bombardements"). A pattern of several space-separated words matches that
 * many consecutive tokens ("cessez-le-feu" is one token; "golpe de estado" is three).
 */
export type WordPattern = string;

export interface TriggerEntry {
  /** Surface patterns of the trigger (verb forms, nouns). */
  forms: WordPattern[];
  type: PloverType;
  /** PLOVER mode, or a short free-text word when none fits. */
  mode?: string;
  /** Closest CAMEO code, when one is clear. */
  cameo?: string;
  /** Part of speech of the trigger: a verb takes its agent as subject, a noun through "de"/"of"/"by". */
  pos: "verb" | "noun";
  /**
   * Prepositions that introduce the target after the trigger ("contre", "against", "contra",
   * "avec", "with", "con", "à", "to"). An empty list means the target is the direct object.
   */
  targetPreps?: string[];
  /** Symmetric events (meetings, agreements between parties): all parties go to `source`. */
  symmetric?: boolean;
  /** Words that must NOT appear within the two tokens after the trigger for it to fire. */
  unless?: WordPattern[];
  /** The word names the event only with a named target: "accueille le président X" hosts a visit,
   * "accueille des réfugiés" does not. */
  needsTarget?: boolean;
}

export interface ModalityCues {
  /** Reporting verbs and phrases ("a déclaré", "said", "afirmó"): reported speech, not events. */
  reportingVerbs: WordPattern[];
  /** Attribution introducers followed by the source: "selon", "according to", "según". */
  attribution: WordPattern[];
  /** Hedges that make a claim alleged: "présumé", "reportedly", "supuestamente". */
  alleged: WordPattern[];
  /** Negation markers: "ne ... pas" parts, "not", "no", "jamais", "never". */
  negation: WordPattern[];
  /** Denial verbs: "démenti", "denied", "negó". */
  denied: WordPattern[];
  /** Future or intention markers: "prévoit de", "va", "will", "planea". */
  planned: WordPattern[];
  /** Conditional-clause introducers: "si", "if", "en caso de". */
  hypothetical: WordPattern[];
}

export interface SupportCue {
  /** Nouns or verbs of support ("soutien", "backing", "apoyo"). */
  forms: WordPattern[];
  /** Words after the trigger that set the kind ("militaire", "military", "militar"). */
  kinds: Partial<Record<SupportKind, WordPattern[]>>;
}

export interface TitleEntry {
  /** Lowercase title word or phrase ("président", "ministre de la défense", "maréchal"). */
  form: string;
  /** Role written to the entity ("president", "defence minister", "marshal"). */
  role: string;
  /** PLOVER sector of the office (GOV, MIL, ...). */
  sector?: string;
  /** The person heads the organisation or state named after the title ("président de la Turquie"). */
  leads?: boolean;
}

export interface LocaleData {
  code: Lang;
  /** Abbreviations written with a final dot, without it ("M", "Mme", "Dr", "Gen"). */
  abbreviations: string[];
  /** Elided articles and pronouns split off the next word ("l'", "d'", "qu'"). */
  elisions: string[];
  /** Words that never start a name even when capitalised (articles, prepositions, pronouns). */
  functionWords: string[];
  /** Lowercase words allowed inside a multi-word name ("de", "del", "al", "bin"). */
  nameConnectors: string[];
  /** Head words that make a capitalised name an organisation ("Conseil", "Ministry", "Ejército"). */
  orgHeads: string[];
  /** Head words that make a capitalised name a place ("Golfe", "Mer", "River", "Provincia"). */
  locHeads: string[];
  /** Head words that make a capitalised name an event ("Conférence", "Summit", "Cumbre"). */
  eventHeads: string[];
  titles: TitleEntry[];
  triggers: TriggerEntry[];
  cues: ModalityCues;
  support: SupportCue;
}

export type { Modality };
