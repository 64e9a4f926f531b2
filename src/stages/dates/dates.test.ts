import { describe, expect, it } from "vitest";
import { VDocument } from "../../doc/document.js";
import type { Lang } from "../../doc/types.js";
import { DATE_CASES, evalDates } from "./cases.js";
import { datesStage, extractDates, narrativeToday } from "./index.js";

type Row = [text: string, expr: string, value: string | null, precision?: "day" | "month" | "year"];

function check(lang: Lang, published: string | undefined, rows: Row[]): void {
  for (const [text, expr, value, precision] of rows) {
    const at = text.indexOf(expr);
    const dates = extractDates(text, lang, { published });
    const hit = dates.filter((d) => d.range[0] < at + expr.length && d.range[1] > at);
    for (const d of dates) expect(text.slice(d.range[0], d.range[1])).toBe(d.text);
    if (value === null) expect(hit, `${text} / ${expr}`).toEqual([]);
    else
      expect(
        hit.map((d) => `${d.value}/${d.precision}`),
        `${text} / ${expr}`,
      ).toContain(`${value}/${precision ?? "day"}`);
  }
}

describe("extractDates, French (published Thursday 2020-02-20)", () => {
  it.each<Row>([
    ["Les combats ont repris mercredi.", "mercredi", "2020-02-19"],
    ["Il est arrivé jeudi.", "jeudi", "2020-02-20"],
    ["Avant-hier soir, le port a été frappé.", "Avant-hier", "2020-02-18"],
    ["Hier soir, une explosion.", "Hier", "2020-02-19"],
    ["Signé le 13 janvier.", "13 janvier", "2020-01-13"],
    ["Rendez-vous mardi prochain.", "mardi", "2020-02-25"],
    ["Le conseil s'est réuni lundi dernier.", "lundi", "2020-02-17"],
    ["Il a été vu en janvier dernier.", "janvier", "2020-01", "month"],
    ["Les élections de mars prochain.", "mars", "2020-03", "month"],
    ["La ville est tombée l'an dernier.", "l'an dernier", "2019", "year"],
    ["Mars brille dans le ciel.", "Mars", null],
    ["Il reste 13 jours.", "13", null],
    ["Un tiers, soit 1/3 des habitants.", "1/3", null],
    ["Les troupes du maréchal avancent.", "maréchal", null],
    ["Ils ont combattu pendant 3 jours.", "pendant 3 jours", null],
  ])("%s", (...row) => check("fr", "2020-02-20", [row]));
});

describe("extractDates, English (published Wednesday 2021-05-12)", () => {
  it.each<Row>([
    ["They met on Wednesday.", "Wednesday", "2021-05-12"],
    ["The attack came on Thursday.", "Thursday", "2021-05-06"],
    ["They may attack again.", "may", null],
    ["Protesters march through the city.", "march", null],
    ["He left last Wednesday.", "Wednesday", "2021-05-05"],
    ["Fighting resumed in March.", "March", "2021-03", "month"],
    ["The war began in 2014.", "2014", "2014", "year"],
    ["The vote is scheduled for May 20.", "May 20", "2021-05-20"],
    ["It happened a few days ago.", "a few days ago", "2021-05", "month"],
  ])("%s", (...row) => check("en", "2021-05-12", [row]));
});

describe("extractDates, Spanish (published Thursday 2022-02-17)", () => {
  it.each<Row>([
    ["Anoche hubo disparos.", "Anoche", "2022-02-16"],
    ["Se reunieron el lunes.", "lunes", "2022-02-14"],
    ["Volverán el lunes que viene.", "lunes", "2022-02-21"],
    ["La reunión de mañana por la mañana.", "por la mañana", null],
    ["Llegaron hace unos días.", "hace unos días", "2022-02", "month"],
    ["Todo empezó en marzo.", "marzo", "2021-03", "month"],
    ["Hay 13 heridos.", "13", null],
    ["Firmaron un cese al fuego de 180 días.", "de 180 días", null],
    ["El próximo 3 de agosto habrá elecciones.", "3 de agosto", "2022-08-03"],
  ])("%s", (...row) => check("es", "2022-02-17", [row]));
});

describe("references", () => {
  it("anchors a month-only publication date on the month", () => {
    check("fr", "2020-02", [
      ["Hier, un drone est tombé.", "Hier", "2020-02", "month"],
      ["Le 20 février, la trêve.", "20 février", "2020-02-20"],
      ["Les forces ont frappé mercredi.", "mercredi", "2020-02", "month"],
    ]);
  });

  it("keeps only absolute dates without a publication date", () => {
    const d = extractDates("Hier, puis le 13 janvier, puis le 17/02/2022 et en avril 2019.", "fr", {});
    expect(d.map((x) => x.value)).toEqual(["2022-02-17", "2019-04"]);
  });

  it("resolves 'later' expressions against the previous date of the text, across paragraphs", () => {
    const text = "Le 3 mars 2019, l'offensive commence.\n\nTrois jours plus tard, la ville tombe.";
    const d = extractDates(text, "fr", { published: "2020-02-20" });
    expect(d.map((x) => x.value)).toEqual(["2019-03-03", "2019-03-06"]);
  });

  it("gives exact UTF-16 ranges in later paragraphs", () => {
    const text = "Titre « spécial » 🚀\nLe texte dit : hier soir, tout a changé.";
    const [d] = extractDates(text, "fr", { published: "2020-02-20" });
    expect(d && text.slice(d.range[0], d.range[1])).toBe("hier soir");
  });
});

describe("narrativeToday", () => {
  it("moves today to the day before publication when the lead names it as the present", () => {
    expect(
      narrativeToday("Le général a rencontré ce mercredi le ministre. Hier soir...", "fr", "2020-02-20"),
    ).toBe("2020-02-19");
    expect(narrativeToday("This Wednesday the talks collapsed.", "en", "2020-02-20")).toBe("2020-02-19");
    expect(narrativeToday("Este miércoles se rompió la tregua.", "es", "2020-02-20")).toBe("2020-02-19");
  });

  it("keeps the publication date otherwise", () => {
    expect(narrativeToday("Mercredi, le général a rencontré le ministre.", "fr", "2020-02-20")).toBe(
      "2020-02-20",
    );
    expect(narrativeToday("Ce jeudi, la trêve tient.", "fr", "2020-02-20")).toBe("2020-02-20");
    expect(narrativeToday("Ce mercredi, la trêve tient.", "fr", "2020-02")).toBe("2020-02");
  });
});

describe("datesStage", () => {
  it("assigns dates and warns without a publication date", () => {
    const doc = new VDocument("Hier, puis en avril 2019.", { id: "d1", lang: "fr" });
    datesStage.run(doc, { options: {} });
    expect(doc.dates.map((d) => d.value)).toEqual(["2019-04"]);
    expect(doc.diagnostics.map((d) => d.code)).toEqual(["NO_REFERENCE_DATE"]);
  });

  it("resolves against the publication date", () => {
    const doc = new VDocument("Hier soir, le port a été frappé.", {
      id: "d2",
      lang: "fr",
      published: "2020-02-20",
    });
    datesStage.run(doc, { options: {} });
    expect(doc.dates[0]?.value).toBe("2020-02-19");
  });
});

describe("DATE_CASES", () => {
  it.each(["fr", "en", "es"] as const)("%s: at least 30 cases, at least 95 %% right", (lang) => {
    const cases = DATE_CASES.filter((c) => c.lang === lang);
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const r = evalDates(cases);
    const report = r.failures.map((f) => `${f.case.text} | ${f.case.expr} → ${f.case.expected}: ${f.got}`);
    expect(r.accuracy, report.join("\n")).toBeGreaterThanOrEqual(0.95);
  });
});

describe("narrative today from a bare weekday followed by yesterday", () => {
  it.each([
    [
      "fr",
      "Le ministre a reçu mercredi son homologue, après l'attaque d'hier soir contre le port.",
      "2024-03-13",
    ],
    [
      "en",
      "The minister met his counterpart on Wednesday, a day after yesterday's attack on the port.",
      "2024-03-13",
    ],
    [
      "es",
      "El ministro recibió el miércoles a su homólogo, tras el ataque de anoche contra el puerto.",
      "2024-03-13",
    ],
    ["fr", "Le ministre a reçu mercredi son homologue. Le port a été visé la semaine passée.", "2024-03-14"],
  ] as const)("%s: %s", (lang, text, today) => {
    expect(narrativeToday(text, lang, "2024-03-14")).toBe(today);
  });
});
