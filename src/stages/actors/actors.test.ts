import { describe, expect, it } from "vitest";
import type { Lang } from "../../doc/types.js";
import { run } from "../../test-utils/analyze.js";

const groups = (lang: Lang, text: string) => {
  const doc = run(lang, text);
  return doc.entities.map((e) => e.mentions.map((i) => doc.spanText(doc.mentions[i]!.span)));
};

describe("actors", () => {
  it.each<[Lang, string, string[]]>([
    [
      "fr",
      "Mahamat Kaboré a parlé. Kabori a répondu. Kaboré est parti.",
      ["Mahamat Kaboré", "Kabori", "Kaboré"],
    ],
    ["fr", "L'ONU a parlé. Les Nations unies ont confirmé.", ["ONU", "Nations unies"]],
    [
      "fr",
      "Le gouvernement malien a protesté. Le gouvernement a ensuite démenti.",
      ["Le gouvernement malien", "Le gouvernement"],
    ],
    [
      "fr",
      "La coalition arabe a frappé Gao. La coalition a démenti.",
      ["La coalition arabe", "La coalition"],
    ],
    [
      "en",
      "Authorities in Gaza closed the crossing. The authorities later reopened it.",
      ["Authorities in Gaza", "The authorities"],
    ],
    [
      "en",
      "The Malian government protested. The government then left.",
      ["Malian government", "The government"],
    ],
    ["en", "President Ashraf Ghani left. Ghani did not return.", ["Ashraf Ghani", "Ghani"]],
    ["es", "La Unión Europea y la UE coinciden.", ["Unión Europea", "UE"]],
    [
      "fr",
      "Le maréchal Amadou Sow a parlé. Le maréchal a ensuite quitté Bamako.",
      ["Le maréchal", "Amadou Sow", "Le maréchal"],
    ],
    ["fr", "Amadou Sow, l'homme fort du Mali, a parlé.", ["Amadou Sow", "l'homme fort du Mali"]],
    ["fr", "Sergueï Choïgou a parlé. Selon Shoigu, rien n'a changé.", ["Sergueï Choïgou", "Shoigu"]],
    ["es", "Salem al-Haddad llegó. Hadad habló después.", ["Salem al-Haddad", "Hadad"]],
    [
      "fr",
      "Il est arrivé à Berlin. La réunion dans la capitale allemande a duré.",
      ["Berlin", "la capitale allemande"],
    ],
    ["en", "He flew to Moscow. Talks in the Russian capital went on.", ["Moscow", "the Russian capital"]],
    ["es", "Los rebeldes controlan la capital Saná desde 2014.", ["la capital", "Saná"]],
  ])("%s: groups %j", (lang, text, members) => {
    expect(groups(lang, text)).toContainEqual(members);
  });

  it("keeps different people apart", () => {
    const g = groups("en", "Joe Biden met Xi Jinping in Bali.");
    expect(g).toContainEqual(["Joe Biden"]);
    expect(g).toContainEqual(["Xi Jinping"]);
  });

  it("gives KB actors their country, sector and a stable id", () => {
    const doc = run("fr", "Les Houthis ont attaqué l'Arabie saoudite.");
    const ksa = doc.entities.find((e) => e.name === "Saudi Arabia");
    expect(ksa).toMatchObject({ id: "sau", type: "GPE", country: "SAU" });
    expect(doc.entities.find((e) => e.id === "houthis")?.sector).toBeDefined();
  });
});

describe("actor attributes", () => {
  it("takes a person's affiliation and country from the office the text gives them", () => {
    const doc = run("fr", "La Turquie a voté. Le président turc Recep Tayyip Erdogan a parlé.");
    const erdogan = doc.entities.find((e) => e.name === "Recep Tayyip Erdogan")!;
    expect(erdogan.role).toBe("president");
    expect(doc.entities[erdogan.affiliation!]?.id).toBe("tur");
    expect(erdogan.country).toBe("TUR");
  });

  it("gives actors outside the KB an id built from name and country", () => {
    const a = run("fr", "Le porte-parole du Front du Nord, Ali Kane, a parlé à Bamako.");
    const b = run("fr", "Ali Kane a ensuite quitté Niamey.");
    const id = (doc: typeof a) => doc.entities.find((e) => e.name === "Ali Kane")?.id;
    expect(id(a)).toBeDefined();
    expect(id(a)).toBe(id(b));
  });
});

describe("capital metonymy", () => {
  it.each<[Lang, string]>([
    ["fr", "Moscou a démenti toute implication. Le ministre s'est ensuite rendu à Moscou."],
    ["en", "Moscow denied any role. The minister later travelled to Moscow."],
    ["es", "Moscú negó cualquier implicación. El ministro viajó después a Moscú."],
  ])("%s: a capital that acts is its state, a capital where one goes is a place", (lang, text) => {
    const doc = run(lang, text);
    const owners = doc.mentions
      .filter((m) => doc.spanText(m.span).startsWith("Mosc"))
      .map((m) => doc.entities[m.entity!]!.id);
    expect(owners).toEqual(["rus", "city:rus-capital"]);
  });
});

describe("date-bounded roles from a user knowledge base", () => {
  it("gives a person the role valid on the article's date", async () => {
    const { KnowledgeBase } = await import("../../kb/index.js");
    const { groupEntities } = await import("./actors.js");
    const { findMentions } = await import("../mentions/mentions.js");
    const kb = new KnowledgeBase();
    kb.extend([
      {
        id: "user:kessery",
        name: "Amadou Kessery",
        type: "PER",
        aliases: [],
        names: { fr: [], en: [], es: [] },
        roles: [
          { role: "governor", country: "MLI", sector: "GOV", from: "2019-03-01", to: "2021-06-30" },
          { role: "rebel leader", country: "MLI", sector: "REB", from: "2022-01-01" },
        ],
      },
    ]);
    for (const [published, role, sector] of [
      ["2020-05-01", "governor", "GOV"],
      ["2020-05", "governor", "GOV"],
      ["2023-05-01", "rebel leader", "REB"],
    ] as const) {
      const doc = run("fr", "Amadou Kessery a parlé hier à Bamako.", published);
      doc.mentions = findMentions(doc, kb);
      doc.entities = groupEntities(doc, kb);
      expect(doc.entities.find((e) => e.id === "user:kessery")).toMatchObject({
        role,
        sector,
        country: "MLI",
      });
    }
  });
});
