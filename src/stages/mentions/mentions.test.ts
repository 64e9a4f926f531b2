import { describe, expect, it } from "vitest";
import type { Lang } from "../../doc/types.js";
import { mentionTexts, run } from "../../test-utils/analyze.js";

describe("mentions", () => {
  it.each<[Lang, string, string[]]>([
    [
      "fr",
      "La Turquie et les Émirats arabes unis ont signé un accord à Ankara.",
      ["Turquie", "Émirats arabes unis", "Ankara"],
    ],
    ["fr", "Le président Jean Dupont a rencontré l'ONU.", ["Le président", "Jean Dupont", "ONU"]],
    ["en", "President Jean Dupont met the UN.", ["Jean Dupont", "UN"]],
    ["fr", "L'armée malienne a quitté la ville.", ["L'armée malienne"]],
    ["fr", "Les rebelles maliens ont quitté la ville.", ["Les rebelles maliens"]],
    ["fr", "Des forces turques ont riposté.", ["forces turques"]],
    [
      "fr",
      "Le Conseil militaire a reçu le ministre malien de la Défense, Sadio Keita.",
      ["Conseil militaire", "le ministre malien de la Défense", "Sadio Keita"],
    ],
    ["en", "The United Nations said Hamas fired rockets at Israel.", ["United Nations", "Hamas", "Israel"]],
    [
      "en",
      "Russian peacekeepers stayed near the port of Beirut.",
      ["Russian peacekeepers", "port of Beirut", "Beirut"],
    ],
    [
      "es",
      "El Gobierno de Colombia y el ELN firmaron en La Habana.",
      ["Gobierno de Colombia", "ELN", "La Habana"],
    ],
    ["es", "Los talibanes entraron en Kabul el domingo.", ["talibanes", "Kabul"]],
    ["es", "Francia envió al diplomático Jean Chad a Dakar.", ["Francia", "Jean Chad", "Dakar"]],
    ["fr", "Au Sud Soudan, Juba est calme.", ["Soudan", "Juba"]],
    ["fr", "Selon l'armée de l'air ukrainienne, le port a été touché.", ["l'armée de l'air ukrainienne"]],
    ["en", "The Russian navy fired.", ["Russian navy"]],
    [
      "fr",
      "Le gouvernement libyen d'union nationale a signé un accord avec le Tchad.",
      ["gouvernement libyen d'union nationale", "Tchad"],
    ],
    [
      "en",
      "The Libyan Government of National Accord met Chad.",
      ["Libyan Government of National Accord", "Chad"],
    ],
    ["fr", "Le gouvernement malien d'union nationale a signé.", ["Le gouvernement malien"]],
    ["en", "Authorities in Gaza closed the crossing.", ["Authorities in Gaza"]],
    ["fr", "Les autorités de Tripoli ont protesté.", ["Les autorités de Tripoli"]],
  ])("%s: %s", (lang, text, expected) => {
    expect(mentionTexts(run(lang, text))).toEqual(expected);
  });

  it.each<[Lang, string, string]>([
    ["fr", "Lundi, Plusieurs soldats turcs ont été blessés.", "Plusieurs"],
    ["fr", "Selon lui, la situation est grave.", "Selon"],
    ["en", "Turkish officials said the talks failed.", "Turkish"],
    ["en", "Earlier, Monday talks were cancelled.", "Earlier"],
    ["es", "Según fuentes locales, el ataque fue rechazado.", "Según"],
    ["fr", "Des combattants syriens ont été vus près de la frontière.", "combattants"],
    ["en", "Syrian fighters were seen near the border.", "fighters"],
  ])("%s: no mention for %s", (lang, text, word) => {
    expect(mentionTexts(run(lang, text)).some((m) => m.includes(word))).toBe(false);
  });

  it("defines an acronym's expansion as a mention of the same actor", () => {
    const doc = run(
      "fr",
      "Le gouvernement d'entente provisoire (GEP) a parlé. Le GEP a ensuite quitté la salle.",
    );
    const texts = mentionTexts(doc);
    expect(texts).toContain("gouvernement d'entente provisoire");
    const ent = doc.mentions.filter((m) =>
      ["GEP", "gouvernement d'entente provisoire"].includes(doc.spanText(m.span)),
    );
    expect(new Set(ent.map((m) => m.entity)).size).toBe(1);
  });
});
