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
  /** Words that end the clause an argument can be read from ("mais", "but", "que"). */
  clauseEnd: string[];
  /** Third-person singular subject pronouns, resolved to the sentence's first person. */
  pronounsSg: string[];
  /** Honorifics written before a name and not part of it ("M.", "Mr.", "Sr."). */
  honorifics: string[];
  /**
   * Light verbs whose meaning comes from their object noun ("tenir des consultations", "launch
   * an offensive"): when one precedes a noun trigger, the noun's entry codes the event.
   */
  supportVerbs: string[];
}

export const GRAMMAR: Record<Lang, Grammar> = {
  fr: {
    agent: ["par"],
    genitive: ["de", "d'", "du", "des"],
    partner: ["avec", "auprès"],
    against: ["contre", "sur", "visant"],
    locative: ["à", "au", "aux", "en", "dans", "près", "vers", "depuis"],
    coordination: [",", "et", "ainsi", "que", "ou"],
    determiners: ["le", "la", "les", "l'", "un", "une", "des", "du", "ce", "cette", "ces"],
    relative: ["qui", "lequel", "laquelle"],
    passiveAux: ["été", "est", "sont", "fut", "furent", "était", "étaient", "a", "ont"],
    clauseEnd: [
      "mais",
      "que",
      "qu'",
      "qui",
      "dont",
      "où",
      "tandis",
      "alors",
      "lorsque",
      "quand",
      "car",
      "puis",
    ],
    pronounsSg: ["il", "elle"],
    honorifics: ["m.", "mm.", "mme", "mme.", "mlle", "dr", "dr.", "me", "mgr", "pr"],
    supportVerbs: [
      "tenu",
      "tient",
      "tiennent",
      "tenir",
      "tiendra",
      "tiendront",
      "mené",
      "mène",
      "mènent",
      "mener",
      "lancé",
      "lance",
      "lancent",
      "lancer",
      "lançant",
      "effectué",
      "effectue",
      "effectuent",
      "effectuer",
      "procédé",
      "conduit",
      "conduisent",
      "mené",
      "organisé",
      "organise",
      "organiser",
      "eu",
      "ont",
      "a",
      "fait",
      "font",
      "faire",
      "entamé",
      "entame",
      "entament",
      "engagé",
      "poursuivi",
      "poursuit",
      "repris",
      "multiplié",
      "multiplient",
      "intensifié",
      "déclenché",
    ],
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
    clauseEnd: [
      "but",
      "which",
      "who",
      "whom",
      "whose",
      "that",
      "while",
      "whereas",
      "when",
      "because",
      "although",
    ],
    pronounsSg: ["he", "she"],
    honorifics: ["mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir"],
    supportVerbs: [
      "held",
      "hold",
      "holds",
      "holding",
      "launched",
      "launch",
      "launches",
      "launching",
      "carried",
      "carry",
      "conducted",
      "conduct",
      "conducts",
      "staged",
      "stage",
      "made",
      "make",
      "makes",
      "had",
      "have",
      "has",
      "mounted",
      "mount",
      "began",
      "begin",
      "begun",
      "started",
      "resumed",
      "stepped",
      "intensified",
      "escalated",
      "waged",
      "wage",
    ],
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
    clauseEnd: [
      "pero",
      "que",
      "quien",
      "quienes",
      "cuyo",
      "cuya",
      "donde",
      "mientras",
      "cuando",
      "porque",
      "aunque",
    ],
    pronounsSg: ["él", "ella"],
    honorifics: ["sr.", "sra.", "srta.", "dr.", "dra.", "don", "doña"],
    supportVerbs: [
      "celebró",
      "celebraron",
      "celebrar",
      "celebra",
      "mantuvo",
      "mantuvieron",
      "mantener",
      "sostuvo",
      "sostuvieron",
      "lanzó",
      "lanzaron",
      "lanzar",
      "lanza",
      "realizó",
      "realizaron",
      "realizar",
      "llevó",
      "llevaron",
      "efectuó",
      "efectuaron",
      "inició",
      "iniciaron",
      "iniciar",
      "reanudaron",
      "reanudó",
      "emprendió",
      "emprendieron",
      "hizo",
      "hicieron",
      "tuvo",
      "tuvieron",
      "multiplicaron",
      "intensificaron",
    ],
  },
};
