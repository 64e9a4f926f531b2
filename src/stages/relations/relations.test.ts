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
  ])("%s: %s", (lang, text, expected) => {
    const got = relations(lang, text);
    for (const r of expected) expect(got).toContain(r);
  });

  it("finds no relation where none is stated", () => {
    expect(relations("fr", "La Russie et le Mali ont parlé de la météo.")).toEqual([]);
  });
});
