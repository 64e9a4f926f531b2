import { describe, expect, it } from "vitest";
import { PLOVER_TYPES, type Lang, type PloverType } from "../doc/types.js";
import { isVigieError } from "../errors.js";
import { getLocale, matchPatterns, SUPPORTED_LANGS } from "./index.js";
import frData from "./fr/data.json" with { type: "json" };
import { validateLocaleData } from "./validate.js";

/** Splits a lowercase phrase the way the tokenizer is expected to (elisions split off). */
function tokens(lang: Lang, text: string): string[] {
  const { elisions } = getLocale(lang);
  return text
    .toLowerCase()
    .replace(/\u2019/g, "'")
    .split(" ")
    .flatMap((w) => {
      const e = elisions.find((el) => w.length > el.length && w.startsWith(el));
      return e ? [e, w.slice(e.length)] : [w];
    });
}

function firstTrigger(lang: Lang, text: string, at = 0): { type: PloverType; length: number } | undefined {
  const m = getLocale(lang).matchTriggers(tokens(lang, text), at)[0];
  return m ? { type: m.entry.type, length: m.length } : undefined;
}

function expectLocaleError(raw: unknown, message: string): void {
  try {
    validateLocaleData(raw, "xx/data.json");
  } catch (e) {
    expect(isVigieError(e)).toBe(true);
    if (isVigieError(e)) {
      expect(e.code).toBe("LOCALE_DATA");
      expect(e.message).toBe(message);
    }
    return;
  }
  throw new Error(`expected validation to fail with: ${message}`);
}

describe.each(SUPPORTED_LANGS)("locale %s", (lang) => {
  const locale = getLocale(lang);

  it("validates and is cached", () => {
    expect(locale.code).toBe(lang);
    expect(getLocale(lang)).toBe(locale);
  });

  it("has the expected amount of data", () => {
    expect(locale.triggers.length).toBeGreaterThanOrEqual(250);
    expect(locale.abbreviations.length).toBeGreaterThanOrEqual(40);
    expect(locale.functionWords.length).toBeGreaterThanOrEqual(150);
    expect(locale.orgHeads.length).toBeGreaterThanOrEqual(60);
    expect(locale.titles.length).toBeGreaterThanOrEqual(60);
    expect(locale.cues.reportingVerbs.length).toBeGreaterThanOrEqual(40);
  });

  it.each(PLOVER_TYPES)("has at least 5 trigger entries for %s", (type) => {
    expect(locale.triggers.filter((t) => t.type === type).length).toBeGreaterThanOrEqual(5);
  });

  it("lists no form twice for the same part of speech", () => {
    const seen = new Map<string, number>();
    const dups: string[] = [];
    locale.triggers.forEach((t, i) => {
      for (const f of t.forms) {
        const key = `${t.pos}:${f}`;
        if (seen.has(key)) dups.push(`${key} (${seen.get(key)} and ${i})`);
        seen.set(key, i);
      }
    });
    expect(dups).toEqual([]);
  });

  it("keeps reporting verbs out of the triggers", () => {
    const hits = locale.cues.reportingVerbs.filter(
      (v) => !v.includes(" ") && !v.endsWith("*") && locale.matchTriggers([v], 0).length > 0,
    );
    expect(hits).toEqual([]);
  });

  it("writes every function word, head word and connector in lowercase", () => {
    for (const list of [locale.functionWords, locale.orgHeads, locale.locHeads, locale.eventHeads]) {
      for (const w of list) expect(w).toBe(w.toLowerCase());
    }
  });
});

const EXAMPLES: [Lang, string, PloverType | null][] = [
  ["fr", "bombardé", "ASSAULT"],
  ["fr", "bombardements", "ASSAULT"],
  ["fr", "consultations", "CONSULT"],
  ["fr", "signé", "AGREE"],
  ["fr", "pourparlers", "CONSULT"],
  ["fr", "cessez-le-feu", "RETREAT"],
  ["fr", "manifestation", "PROTEST"],
  ["fr", "embargo", "SANCTION"],
  ["fr", "ultimatum", "THREATEN"],
  ["fr", "enlèvement", "ASSAULT"],
  ["fr", "arrestation", "COERCE"],
  ["fr", "démissionné", "RETREAT"],
  ["fr", "renforts", "MOBILIZE"],
  ["fr", "exhorte", "REQUEST"],
  ["fr", "dénoncent", "ACCUSE"],
  ["fr", "rejette", "REJECT"],
  ["fr", "félicité", "SUPPORT"],
  ["fr", "coopération", "COOPERATE"],
  ["fr", "aide humanitaire", "AID"],
  ["fr", "tiré", "ASSAULT"],
  ["fr", "tirs", "ASSAULT"],
  ["fr", "tiroir", null],
  ["fr", "tirade", null],
  ["fr", "attaché", null],
  ["fr", "partie", null],
  ["fr", "exécutif", null],
  ["fr", "critique", null],
  ["fr", "libéral", null],
  ["en", "shelled", "ASSAULT"],
  ["en", "talks", "CONSULT"],
  ["en", "airstrikes", "ASSAULT"],
  ["en", "signed", "AGREE"],
  ["en", "ceasefire", "RETREAT"],
  ["en", "expelled", "SANCTION"],
  ["en", "detained", "COERCE"],
  ["en", "fled", "CONCEDE"],
  ["en", "urged", "REQUEST"],
  ["en", "condemned", "ACCUSE"],
  ["en", "vetoed", "REJECT"],
  ["en", "warned", "THREATEN"],
  ["en", "demonstrators", null],
  ["en", "rally", "PROTEST"],
  ["en", "mobilized", "MOBILIZE"],
  ["en", "praised", "SUPPORT"],
  ["en", "evacuated", "RETREAT"],
  ["en", "humanitarian aid", "AID"],
  ["en", "party", null],
  ["en", "threadbare", null],
  ["en", "deployment", "MOBILIZE"],
  ["es", "firmaron", "AGREE"],
  ["es", "bombardeó", "ASSAULT"],
  ["es", "huyó", "CONCEDE"],
  ["es", "huir", "CONCEDE"],
  ["es", "cese al fuego", "RETREAT"],
  ["es", "golpe de estado", "COERCE"],
  ["es", "secuestrados", "ASSAULT"],
  ["es", "negociaciones", "CONSULT"],
  ["es", "amenazó", "THREATEN"],
  ["es", "sanciones", "SANCTION"],
  ["es", "exigió", "REQUEST"],
  ["es", "rechazó", "REJECT"],
  ["es", "acusó", "ACCUSE"],
  ["es", "protestas", "PROTEST"],
  ["es", "desplegó", "MOBILIZE"],
  ["es", "partido", null],
  ["es", "a mediados", null],
  ["es", "atacante", null],
];

describe("trigger examples", () => {
  it.each(EXAMPLES)("%s %j → %s", (lang, text, type) => {
    const toks = tokens(lang, text);
    const found = firstTrigger(lang, text, toks[0] === "a" && lang === "es" ? 1 : 0);
    if (type === null) expect(found).toBeUndefined();
    else expect(found?.type).toBe(type);
  });

  it("prefers the longest match", () => {
    expect(firstTrigger("fr", "tirs de roquettes")).toEqual({ type: "ASSAULT", length: 3 });
    expect(getLocale("fr").matchTriggers(tokens("fr", "tirs de roquettes"), 0)[0]?.entry.mode).toBe(
      "heavy-weapons",
    );
    expect(firstTrigger("fr", "quitté les négociations")).toEqual({ type: "SANCTION", length: 3 });
    expect(firstTrigger("en", "walked out of the talks")?.type).toBe("SANCTION");
    expect(firstTrigger("fr", "coup d'état")).toEqual({ type: "COERCE", length: 3 });
  });

  it("applies `unless`", () => {
    expect(firstTrigger("fr", "conférence de presse")).toBeUndefined();
    expect(firstTrigger("fr", "conférence internationale")?.type).toBe("CONSULT");
    expect(firstTrigger("fr", "tiré les leçons")).toBeUndefined();
    expect(firstTrigger("en", "press conference")).toBeUndefined();
    expect(firstTrigger("es", "conferencia de prensa")).toBeUndefined();
  });

  it("marks meetings and ceasefires symmetric", () => {
    const m = getLocale("fr").matchTriggers(["rencontré"], 0)[0];
    expect(m?.entry.symmetric).toBe(true);
    expect(getLocale("en").matchTriggers(["ceasefire"], 0)[0]?.entry.symmetric).toBe(true);
  });

  it("matches the token past the end as nothing", () => {
    expect(getLocale("en").matchTriggers(["attack"], 1)).toEqual([]);
  });
});

describe("cues, titles and patterns", () => {
  it.each([
    ["fr", "reportingVerbs", "déclaré"],
    ["fr", "attribution", "selon"],
    ["fr", "attribution", "d'après"],
    ["fr", "alleged", "auraient"],
    ["fr", "denied", "dément"],
    ["en", "reportingVerbs", "said"],
    ["en", "attribution", "according to"],
    ["en", "negation", "n't"],
    ["en", "planned", "will"],
    ["es", "alleged", "presuntamente"],
    ["es", "planned", "va a"],
    ["es", "hypothetical", "en caso de"],
  ] as const)("%s %s matches %j", (lang, kind, text) => {
    const toks = tokens(lang, text);
    expect(getLocale(lang).matchCue(kind, toks, 0)).toBe(toks.length);
  });

  it("matches the longest title", () => {
    const fr = getLocale("fr");
    const m = fr.matchTitle(tokens("fr", "ministre de la défense russe"), 0);
    expect(m?.entry.role).toBe("defence minister");
    expect(m?.length).toBe(4);
    expect(fr.matchTitle(tokens("fr", "chef de l'état"), 0)?.length).toBe(4);
    expect(getLocale("en").matchTitle(["prime", "minister"], 0)?.entry.leads).toBe(true);
  });

  it("matches prefixes and caches plain arrays", () => {
    const patterns = ["bombard*", "cessez-le-feu", "golpe de estado"];
    expect(matchPatterns(patterns, ["bombardements"], 0)).toBe(1);
    expect(matchPatterns(patterns, ["bomba"], 0)).toBe(0);
    expect(matchPatterns(patterns, ["un", "golpe", "de", "estado"], 1)).toBe(3);
    expect(matchPatterns(patterns, ["golpe", "de"], 0)).toBe(0);
  });

  it("has lookup sets", () => {
    const fr = getLocale("fr");
    expect(fr.functionWordSet.has("selon")).toBe(true);
    expect(fr.abbreviationSet.has("Mme")).toBe(true);
    expect(fr.elisionSet.has("qu'")).toBe(true);
    expect(getLocale("es").orgHeadSet.has("ejército")).toBe(true);
  });
});

describe("validateLocaleData", () => {
  const plain = (): Record<string, unknown> => structuredClone(frData) as Record<string, unknown>;
  const withTrigger = (patch: Record<string, unknown>): Record<string, unknown> => {
    const data = plain();
    const triggers = data.triggers as Record<string, unknown>[];
    triggers[12] = { ...triggers[12], ...patch };
    return data;
  };

  it("accepts the shipped data", () => {
    expect(validateLocaleData(plain(), "fr/data.json").triggers.length).toBe(getLocale("fr").triggers.length);
  });

  it.each([
    [{ type: "ATTACK" }, 'xx/data.json: triggers[12].type: "ATTACK" is not a PLOVER type'],
    [{ cameo: "19a" }, 'xx/data.json: triggers[12].cameo: "19a" is not a CAMEO code'],
    [{ cameo: 195 }, "xx/data.json: triggers[12].cameo: expected a string, got number"],
    [{ pos: "adj" }, 'xx/data.json: triggers[12].pos: "adj" is not "verb" or "noun"'],
    [{ forms: [] }, "xx/data.json: triggers[12].forms: expected at least 1 item(s), got 0"],
    [{ forms: ["Bombardé"] }, 'xx/data.json: triggers[12].forms[0]: "Bombardé" is not lowercase'],
    [
      { forms: ["bo*mb"] },
      'xx/data.json: triggers[12].forms[0]: "bo*mb": "*" is only allowed at the end of a word',
    ],
    [
      { forms: ["ti*"] },
      'xx/data.json: triggers[12].forms[0]: "ti*": prefix "ti*" is shorter than 3 characters',
    ],
    [{ forms: [""] }, "xx/data.json: triggers[12].forms[0]: empty string"],
    [{ forms: ["a  b"] }, 'xx/data.json: triggers[12].forms[0]: "a  b" has consecutive spaces'],
    [
      { forms: ["l'accord"] },
      `xx/data.json: triggers[12].forms[0]: "l'accord": "l'accord" is split by the tokenizer; write "l' accord"`,
    ],
    [{ forms: ["x", "x"] }, 'xx/data.json: triggers[12].forms[1]: duplicate "x"'],
    [{ symmetric: "yes" }, 'xx/data.json: triggers[12].symmetric: expected a boolean, got "yes"'],
    [{ targetPreps: ["à la"] }, 'xx/data.json: triggers[12].targetPreps[0]: "à la" must be a single word'],
    [{ colour: "red" }, 'xx/data.json: triggers[12]: unknown field "colour"'],
  ])("rejects trigger %j", (patch, message) => {
    expectLocaleError(withTrigger(patch), message);
  });

  it("rejects bad top-level data", () => {
    expectLocaleError(null, "xx/data.json: $: expected an object, got null");
    expectLocaleError([], "xx/data.json: $: expected an object, got an array");
    expectLocaleError({ ...plain(), code: "de" }, 'xx/data.json: code: "de" is not a supported language');
    const { cues: _cues, ...noCues } = plain();
    expectLocaleError(noCues, 'xx/data.json: $: missing field "cues"');
    expectLocaleError({ ...plain(), elisions: ["l"] }, 'xx/data.json: elisions[0]: "l" must end with "\'"');
    expectLocaleError(
      { ...plain(), abbreviations: ["Mme."] },
      'xx/data.json: abbreviations[0]: "Mme." is written without its final dot',
    );
    expectLocaleError(
      { ...plain(), functionWords: "le" },
      'xx/data.json: functionWords: expected an array, got "le"',
    );
    expectLocaleError(
      { ...plain(), orgHeads: ["Conseil"] },
      'xx/data.json: orgHeads[0]: "Conseil" is not lowercase',
    );
  });

  it("rejects bad titles, cues and support", () => {
    const data = plain();
    (data.titles as unknown[])[3] = { form: "roi", role: "king", sector: "government" };
    expectLocaleError(data, 'xx/data.json: titles[3].sector: "government" is not a sector code');
    const cues = { ...(plain().cues as Record<string, unknown>), negation: ["pas", 3] };
    expectLocaleError({ ...plain(), cues }, "xx/data.json: cues.negation[1]: expected a string, got number");
    const support = { forms: ["soutien"], kinds: { moral: ["moral"] } };
    expectLocaleError({ ...plain(), support }, 'xx/data.json: support.kinds: unknown field "moral"');
  });
});
