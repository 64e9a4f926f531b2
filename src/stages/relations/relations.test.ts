import { describe, expect, it } from "vitest";
import type { Lang } from "../../doc/types.js";
import { run } from "../../test-utils/analyze.js";

function relations(lang: Lang, text: string): string[] {
  const doc = run(lang, text);
  const n = (xs: number[]) => xs.map((x) => doc.entities[x]!.name).join("+");
  return doc.relations.map((r) => `${r.type}${r.kind ? `/${r.kind}` : ""} ${n(r.source)}>${n(r.target)}`);
}

describe("relations", () => {
  it.each<[Lang, string, string[]]>([
    [
      "fr",
      "Le Mali bénéficie du soutien militaire et économique de la Russie et de l'Iran.",
      [
        "SUPPORT/military Russia>Mali",
        "SUPPORT/economic Russia>Mali",
        "SUPPORT/military Iran>Mali",
        "SUPPORT/economic Iran>Mali",
      ],
    ],
    ["en", "Mali receives political support from Russia.", ["SUPPORT/political Russia>Mali"]],
    ["es", "Venezuela cuenta con el apoyo militar de Rusia.", ["SUPPORT/military Russia>Venezuela"]],
    [
      "fr",
      "Le président turc Recep Tayyip Erdogan a parlé de la Turquie.",
      ["LEADS Recep Tayyip Erdogan>Turkey"],
    ],
    ["en", "Hamas, led by Yahya Sinwar, rejected the offer.", ["LEADS Yahya Sinwar>Hamas"]],
    [
      "fr",
      "Selon l'ONU, des mercenaires du groupe Wagner soutiennent le général Ali Kaboré.",
      ["SUPPORT/political Wagner Group>Ali Kaboré"],
    ],
    ["fr", "Le Tchad, un allié du FLN, a protesté.", ["SUPPORT/political Chad>FLN"]],
    ["fr", "Principal allié du FLN, le Niger paie les soldes.", ["SUPPORT/political Niger>FLN"]],
    [
      "en",
      "Mali's main backers, Chad and Niger, condemned the strike.",
      ["SUPPORT/political Chad>Mali", "SUPPORT/political Niger>Mali"],
    ],
    [
      "fr",
      "Les troupes rebelles du général Ali Kaboré ont attaqué Gao.",
      ["LEADS Ali Kaboré>Les troupes rebelles du général Ali Kaboré"],
    ],
    [
      "en",
      "Rebels fought the army of Malian President Ali Kane.",
      ["LEADS Ali Kane>the army of Malian President Ali Kane"],
    ],
    [
      "es",
      "Ayer intervino el jefe del Comité de Paz de Malí, Pablo Ruiz.",
      ["LEADS Pablo Ruiz>Comité de Paz"],
    ],
    [
      "es",
      "Llegó a Quito el primer comandante del ELN, Pablo Ruiz.",
      ["LEADS Pablo Ruiz>National Liberation Army"],
    ],
    ["fr", "Le FLN a rejeté l'offre. Son chef Ali Kane a quitté Gao.", ["LEADS Ali Kane>FLN"]],
    [
      "es",
      "El ELN, dirigido desde entonces por el comandante Pablo Ruiz, respondió.",
      ["LEADS Pablo Ruiz>National Liberation Army"],
    ],
    ["fr", "Ali Kane, membre du FLN, a parlé.", ["MEMBER Ali Kane>FLN"]],
    ["fr", "Ali Kane, du FLN, a parlé.", ["MEMBER Ali Kane>FLN"]],
    ["fr", "Le MPA, rival du FLN, a protesté.", ["OPPOSE MPA>FLN"]],
    ["en", "Mali's enemy, the FLN, attacked.", ["OPPOSE FLN>Mali"]],
    ["es", "Colombia está en guerra contra el ELN.", ["OPPOSE Colombia>National Liberation Army"]],
    ["en", "Mali is at war with Niger.", ["OPPOSE Mali>Niger"]],
    [
      "fr",
      "Le gouvernement malien a protesté. Le gouvernement, appuyé par l'ONU, bénéficie aussi d'un appui militaire de la Russie.",
      ["SUPPORT/diplomatic United Nations>Government of Mali", "SUPPORT/military Russia>Government of Mali"],
    ],
    [
      "fr",
      "D'après le secrétaire général de l'Union africaine, Ali Kane, le calme revient.",
      ["LEADS Ali Kane>African Union"],
    ],
  ])("%s: %s", (lang, text, expected) => {
    const got = relations(lang, text);
    for (const r of expected) expect(got).toContain(r);
  });

  it.each<[Lang, string]>([
    ["fr", "La Russie et le Mali ont parlé de la météo."],
    ["en", "Mali's biggest cities, Bamako and Gao, flooded."],
    ["fr", "Le Tchad soutient que le FLN ment."],
    ["fr", "Ali Kane, de Gao, a parlé."],
  ])("finds no relation where none is stated: %s %s", (lang, text) => {
    expect(relations(lang, text).filter((r) => r.startsWith("SUPPORT") || r.startsWith("LEADS"))).toEqual([]);
  });

  it("keeps the direction of an active support verb", () => {
    const got = relations("fr", "Les combattants du FLN soutiennent le général Ali Kaboré.");
    expect(got.some((r) => r.includes("Ali Kaboré>"))).toBe(false);
  });
});
