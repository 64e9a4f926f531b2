import type { Lang } from "../doc/types.js";

/**
 * Closed-class words the rule-based argument finder needs, per language. Lowercase, apostrophes
 * folded to "'". Open-class vocabulary (triggers, titles, cues) lives in each locale's data.json.
 */
export interface Grammar {
  /** Introduce the agent of a passive verb or of a nominalisation ("par", "by", "por"). */
  agent: string[];
  /** Genitive prepositions linking a noun to its owner or agent ("de", "of", "del"). */
  genitive: string[];
  /** Introduce a partner ("avec", "with", "con"). */
  partner: string[];
  /** Introduce an adversary ("contre", "against", "contra"). */
  against: string[];
  /** Place prepositions: a place after them is where something happened, not a participant. */
  locative: string[];
  /** Coordinating words inside a list of actors. */
  coordination: string[];
  /** Determiners and articles skipped between a preposition and a name. */
  determiners: string[];
  /** Relative pronouns that open a clause whose subject is the antecedent ("qui", "who", "que"). */
  relative: string[];
  /** Passive auxiliaries and participial markers ("été", "was", "fue"). */
  passiveAux: string[];
}

export const GRAMMAR: Record<Lang, Grammar> = {
  fr: {
    agent: ["par"],
    genitive: ["de", "d'", "du", "des"],
    partner: ["avec", "auprès"],
    against: ["contre", "sur", "visant"],
    locative: ["à", "au", "aux", "en", "dans", "près", "vers", "depuis"],
    coordination: [",", "et", "ainsi", "que", "ou"],
    determiners: ["le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "ce", "cette", "ces"],
    relative: ["qui", "lequel", "laquelle"],
    passiveAux: ["été", "est", "sont", "fut", "furent", "était", "étaient", "a", "ont"],
  },
  en: {
    agent: ["by"],
    genitive: ["of", "'s", "from"],
    partner: ["with"],
    against: ["against", "on", "at", "targeting"],
    locative: ["in", "at", "near", "into", "inside", "outside", "from"],
    coordination: [",", "and", "as", "well", "or"],
    determiners: ["the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"],
    relative: ["who", "which", "that"],
    passiveAux: ["was", "were", "been", "is", "are", "be", "being", "got"],
  },
  es: {
    agent: ["por"],
    genitive: ["de", "del"],
    partner: ["con"],
    against: ["contra", "sobre"],
    locative: ["en", "cerca", "hacia", "desde"],
    coordination: [",", "y", "e", "o", "así", "como"],
    determiners: [
      "el",
      "la",
      "los",
      "las",
      "un",
      "una",
      "unos",
      "unas",
      "este",
      "esta",
      "su",
      "sus",
      "al",
      "del",
    ],
    relative: ["que", "quien", "quienes", "cual"],
    passiveAux: ["fue", "fueron", "sido", "es", "son", "era", "eran", "ha", "han"],
  },
};
