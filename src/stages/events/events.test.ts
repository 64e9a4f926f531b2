import { describe, expect, it } from "vitest";
import type { Lang } from "../../doc/types.js";
import { eventStrings, run } from "../../test-utils/analyze.js";

describe("events", () => {
  it.each<[Lang, string, string]>([
    ["fr", "Les rebelles du M23 ont attaqué Kinshasa mardi.", "ASSAULT M23>Kinshasa"],
    ["fr", "La Turquie a tenu des consultations avec la Russie à Ankara.", "CONSULT Turkey>Russia"],
    ["fr", "Le bombardement de Kiev par la Russie a repris.", "ASSAULT Russia>Kyiv"],
    ["fr", "Le Hamas a été accusé par Israël.", "ACCUSE Israel>Hamas"],
    ["fr", "Le Mali a quitté les négociations.", "SANCTION Mali>"],
    ["fr", "Le Niger a annoncé le retrait de ses troupes.", "AGREE Niger>"],
    ["en", "Hamas fired rockets at Israel on Monday.", "ASSAULT Hamas>Israel"],
    ["en", "Israel and Egypt signed an agreement in Cairo.", "AGREE Israel+Egypt>"],
    ["en", "The Taliban tried to seize Kabul.", "ASSAULT Taliban>Kabul"],
    ["en", "Israel and Hamas agreed to a truce brokered by Qatar.", "AGREE Israel+Hamas>"],
    ["en", "Israel and Hamas agreed to a truce brokered by Qatar.", "CONSULT Qatar>Israel+Hamas"],
    [
      "es",
      "El Gobierno de Colombia y el ELN firmaron un acuerdo.",
      "AGREE Government of Colombia+National Liberation Army>",
    ],
    ["es", "Rusia bombardeó Kiev el lunes.", "ASSAULT Russia>Kyiv"],
    ["fr", "Le Mali s'est retiré des négociations.", "SANCTION Mali>"],
    [
      "fr",
      "Ali Kane a rappelé qu'il a été convenu entre le Mali et le Niger d'ouvrir la frontière.",
      "AGREE Mali+Niger>",
    ],
    ["fr", "Le FLN a tiré un missile lundi contre un site de l'ONU à Gao.", "ASSAULT FLN>United Nations"],
    ["fr", "Le Mali a effectué une visite à Gao.", "CONSULT Mali>"],
    ["en", "The talks were held between Mali and Niger in Niamey.", "CONSULT Mali+Niger>"],
    ["en", "Afghan rebels attacked Kabul on Monday.", "ASSAULT Rebels in Afghanistan>Kabul"],
    ["fr", "Des manifestants soudanais ont protesté mardi.", "PROTEST Protesters in Sudan>"],
    ["fr", "Des manifestants ont protesté mardi à Dakar.", "PROTEST >"],
    ["en", "Gunmen opened fire on a market in Kano.", "ASSAULT >"],
    ["fr", "Le terrible bombardement de Kiev par la Russie a choqué.", "ASSAULT Russia>Kyiv"],
    ["es", "Si Rusia ataca Kiev, Ucrania responderá.", "ASSAULT Russia>Kyiv"],
    ["es", "Washington amenazó a Níger con sanciones.", "THREATEN United States>Niger"],
    ["es", "España reconoció a Palestina el martes.", "SUPPORT Spain>Palestine"],
    [
      "fr",
      "Dans un rapport de Human Rights Watch, des soldats maliens ont tué des civils.",
      "ASSAULT Armed forces of Mali>",
    ],
    ["fr", "Le Mali accueille le président Ali Kane.", "CONSULT Mali>Ali Kane"],
    [
      "fr",
      "Le Tchad assure qu'il a perdu patience et a demandé au Niger un retrait rapide, sous peine de représailles.",
      "THREATEN Chad>Niger",
    ],
    ["en", "Chad demanded that Niger withdraw its troops or face military action.", "THREATEN Chad>"],
    [
      "fr",
      "De nouvelles frappes de la coalition ont visé jeudi des dépôts du FLN.",
      "ASSAULT la coalition>FLN",
    ],
    ["fr", "Le Niger a bombardé mardi des positions du FLN.", "ASSAULT Niger>FLN"],
    ["fr", "A Bamako, les forces de l'ordre ont dispersé la foule.", "ASSAULT les forces de l'ordre>"],
    ["en", "The police arrested Ali Kane in Lagos.", "COERCE The police>Ali Kane"],
    [
      "fr",
      "L'armée russe a lancé dans la nuit de mercredi à jeudi une vingtaine de drones contre le port d'Odessa.",
      "ASSAULT Armed forces of Russia>port d'Odessa",
    ],
    [
      "fr",
      "Le Tchad a protesté. Le Mali et le Niger ont signé un accord. Ils ont ensuite bombardé des positions tchadiennes.",
      "ASSAULT Mali+Niger>Chad",
    ],
    [
      "en",
      "Ethiopia shelled Kassala. Sudan and Eritrea protested. They then shelled Ethiopian towns on Monday.",
      "ASSAULT Sudan+Eritrea>Ethiopia",
    ],
  ])("%s: %s", (lang, text, expected) => {
    expect(eventStrings(run(lang, text))).toContain(expected);
  });

  it.each<[Lang, string, string]>([
    ["fr", "Le Mali s'est retiré des négociations.", "SANCTION >Mali"],
    [
      "fr",
      "Ali Kane a rappelé qu'il a été convenu entre le Mali et le Niger d'ouvrir la frontière.",
      "AGREE >Ali Kane",
    ],
    ["fr", "Le Mali a effectué une visite à Gao.", "CONSULT Mali>Gao"],
    ["fr", "Selon le Mali, le Niger a bombardé Kiev.", "ASSAULT Mali+Niger>Kyiv"],
    ["en", "According to Mali, Niger shelled Kyiv.", "ASSAULT Mali+Niger>Kyiv"],
    ["es", "Washington amenazó a Níger con sanciones.", "SANCTION Niger>"],
    ["fr", "A Bamako, les forces de l'ordre ont dispersé la foule.", "ASSAULT Bamako>"],
    [
      "es",
      "Según lo acordado hasta la fecha por el Gobierno de Colombia y el ELN, la tregua sigue.",
      "AGREE Government of Colombia+National Liberation Army>",
    ],
    ["fr", "Le Mali accuse le Niger d'avoir menacé de sanctions le Tchad.", "SANCTION Niger>"],
    ["fr", "Le Kenya, qui accueille un camp de déplacés, a protesté.", "CONSULT Kenya>"],
    ["fr", "Reconnu par l'Union africaine, le FLN a protesté.", "SUPPORT African Union>"],
    ["en", "Hamas spoke on Monday. Its spokesman said the shelling continued.", "ASSAULT Hamas>"],
    ["fr", "Ali Kane a averti que certains viendraient « casser et tuer ».", "ASSAULT Ali Kane>"],
  ])("%s: not %s -> %s", (lang, text, wrong) => {
    expect(eventStrings(run(lang, text))).not.toContain(wrong);
  });

  it.each<[Lang, string]>([
    ["fr", "Le ministre a déclaré que la situation était calme."],
    ["en", "The weather in Paris was pleasant on Monday."],
    ["es", "El partido de fútbol terminó sin goles."],
  ])("%s: no event in %s", (lang, text) => {
    expect(run(lang, text).events).toEqual([]);
  });

  it.each<[Lang, string, string, string[]]>([
    ["fr", "Selon l'ONU, la Russie aurait bombardé Kiev.", "alleged", ["United Nations"]],
    ["fr", "La Russie n'a pas bombardé Kiev.", "negated", []],
    ["en", "Russia shelled Kyiv, according to the United Nations.", "reported", ["United Nations"]],
    ["en", "Russia reportedly shelled Kyiv.", "alleged", []],
    ["en", "The United States shelled Kyiv.", "asserted", []],
    ["es", "Rusia no bombardeó Kiev.", "negated", []],
    ["fr", "La Russie a envoyé des avions pour bombarder Kiev.", "planned", []],
    ["en", "Russia tried to shell Kyiv.", "asserted", []],
  ])("%s: modality of %s", (lang, text, modality, reporters) => {
    const doc = run(lang, text);
    const ev = doc.events.find((e) => e.type === "ASSAULT");
    expect(ev?.modality).toBe(modality);
    expect(ev?.reportedBy.map((i) => doc.entities[i]!.name)).toEqual(reporters);
  });

  it("dates an event from its clause, else its paragraph, and leaves it unknown otherwise", () => {
    const doc = run(
      "fr",
      "Hier, la Russie a bombardé Kiev. Le Mali a ensuite accusé la Russie.\n\nL'Ukraine accuse la Russie.",
      "2024-03-14",
    );
    const assault = doc.events.find((e) => e.type === "ASSAULT")!;
    expect(assault.date).toBe("2024-03-13");
    const [sameParagraph, otherParagraph] = doc.events.filter((e) => e.type === "ACCUSE");
    expect(sameParagraph!.date).toBe("2024-03-13");
    expect(otherParagraph!.datePrecision).toBe("unknown");
    expect(otherParagraph!.date).toBeUndefined();
  });

  it("merges the headline's and the body's report of one event, keeping both passages", () => {
    const doc = run("fr", "La Russie bombarde Kiev\n\nLa Russie a bombardé Kiev mardi, selon l'ONU.");
    const assaults = doc.events.filter((e) => e.type === "ASSAULT");
    expect(assaults).toHaveLength(1);
    const passages = [assaults[0]!.evidence, ...(assaults[0]!.alsoIn ?? [])].map(([s, e]) =>
      doc.text.slice(s, e),
    );
    expect(passages).toHaveLength(2);
    expect(passages.some((p) => p.includes("bombarde Kiev"))).toBe(true);
    expect(passages.some((p) => p.includes("a bombardé"))).toBe(true);
  });

  it("keeps evidence inside the text", () => {
    const doc = run("en", "Hamas and Islamic Jihad fired rockets at Israel, the army said.");
    for (const e of doc.events)
      expect(doc.text.slice(e.evidence[0], e.evidence[1]).length).toBeGreaterThan(0);
  });
});
