import type { Lang } from "../../doc/types.js";
import { extractDates } from "./dates.js";

/**
 * One date expression in a sentence written for these tests. `expected: null` means the
 * expression must not be read as a date.
 */
export interface DateCase {
  lang: Lang;
  published: string;
  text: string;
  expr: string;
  expected: string | null;
  precision: "day" | "month" | "year" | null;
}

export interface DateEval {
  total: number;
  correct: number;
  accuracy: number;
  failures: { case: DateCase; got: string }[];
}

type Row = [
  published: string,
  text: string,
  expr: string,
  expected: string | null,
  precision?: "month" | "year",
];

const table = (lang: Lang, rows: Row[]): DateCase[] =>
  rows.map(([published, text, expr, expected, precision]) => ({
    lang,
    published,
    text,
    expr,
    expected,
    precision: expected === null ? null : (precision ?? "day"),
  }));

const FR: Row[] = [
  ["2020-02-20", "Les combats ont repris mercredi près de la capitale.", "mercredi", "2020-02-19"],
  ["2020-02-20", "Le ministre est arrivé jeudi à Moscou pour des consultations.", "jeudi", "2020-02-20"],
  ["2020-02-20", "Hier soir, une explosion a secoué le port.", "Hier soir", "2020-02-19"],
  ["2020-02-20", "Les négociations avaient été suspendues avant-hier.", "avant-hier", "2020-02-18"],
  ["2021-05-12", "Le cessez-le-feu est entré en vigueur aujourd'hui.", "aujourd'hui", "2021-05-12"],
  ["2021-05-12", "Ce matin, les blindés ont quitté la ville.", "Ce matin", "2021-05-12"],
  ["2021-05-12", "Le sommet s'ouvrira demain dans la capitale.", "demain", "2021-05-13"],
  ["2020-02-20", "L'accord a été paraphé le 13 janvier par les deux camps.", "13 janvier", "2020-01-13"],
  ["2020-01-09", "Les frappes du 20 décembre ont fait dix morts.", "20 décembre", "2019-12-20"],
  ["2020-02-20", "Le conflit s'est intensifié en janvier.", "janvier", "2020-01", "month"],
  ["2021-05-12", "Les rebelles contrôlent la vallée depuis 2014.", "2014", "2014", "year"],
  ["2021-05-12", "Il avait été élu en avril 2019 par le parlement.", "avril 2019", "2019-04", "month"],
  ["2022-02-17", "La mission avait été lancée en septembre 2013.", "septembre 2013", "2013-09", "month"],
  [
    "2020-02-20",
    "Un dépôt a été détruit dans la nuit du 17 au 18 février.",
    "nuit du 17 au 18 février",
    "2020-02-18",
  ],
  ["2022-02-17", "Le retrait a été annoncé le 17.02.2022 par la présidence.", "17.02.2022", "2022-02-17"],
  [
    "2023-06-09",
    "Les pourparlers ont été annoncés le 05/06/2023 dans la capitale.",
    "05/06/2023",
    "2023-06-05",
  ],
  [
    "2020-01-14",
    "La trêve est entrée en vigueur le 12 janvier. Une semaine plus tard, les combats reprenaient.",
    "Une semaine plus tard",
    "2020-01-19",
  ],
  [
    "2021-05-12",
    "Les forces ont avancé le 3 mai. Deux jours plus tard, elles ont pris l'aéroport.",
    "Deux jours plus tard",
    "2021-05-05",
  ],
  [
    "2020-02-20",
    "La situation s'est dégradée ces dernières semaines.",
    "ces dernières semaines",
    "2020-02",
    "month",
  ],
  [
    "2020-02-20",
    "Les habitants fuient la ville depuis des semaines.",
    "depuis des semaines",
    "2020-02",
    "month",
  ],
  [
    "2021-05-12",
    "Le ministre s'est rendu à Ankara la semaine dernière.",
    "semaine dernière",
    "2021-05",
    "month",
  ],
  [
    "2021-05-12",
    "Le président a limogé son chef d'état-major le mois dernier.",
    "mois dernier",
    "2021-04",
    "month",
  ],
  ["2021-05-12", "Les exportations ont chuté de moitié l'an dernier.", "l'an dernier", "2020", "year"],
  ["2021-05-12", "L'armée a reçu des drones l'année dernière.", "l'année dernière", "2020", "year"],
  ["2020-02-20", "Les délégations se retrouveront mercredi prochain.", "mercredi prochain", "2020-02-26"],
  ["2021-08-16", "Le couvre-feu sera levé à partir du prochain 3 août.", "3 août", "2022-08-03"],
  ["2019-01-08", "Une attaque a visé un convoi il y a deux jours.", "il y a deux jours", "2019-01-06"],
  ["2019-01-08", "Le gouverneur a démissionné dimanche.", "dimanche", "2019-01-06"],
  ["2019-01-08", "Les manifestants se sont rassemblés mardi devant le palais.", "mardi", "2019-01-08"],
  [
    "2021-05-12",
    "Les frappes ont repris dans la nuit de lundi à mardi.",
    "nuit de lundi à mardi",
    "2021-05-11",
  ],
  ["2020-02-20", "Les renforts étaient arrivés fin janvier.", "fin janvier", "2020-01", "month"],
  ["2021-03", "Hier, un drone a frappé la base.", "Hier", "2021-03", "month"],
  ["2021-03", "Les combats du 2 mars ont fait trois morts.", "2 mars", "2021-03-02"],
  ["2023-09-22", "Mars est la planète rouge, rappelle l'agence.", "Mars", null],
  ["2023-09-22", "Avril a rejoint le mouvement l'an passé.", "Avril", null],
  ["2023-09-22", "Avril a rejoint le mouvement l'an passé.", "l'an passé", "2022", "year"],
  ["2023-09-22", "Il a compté 13 véhicules blindés.", "13", null],
  ["2021-05-20", "Après onze jours de combats, la trêve a été signée.", "Après onze jours", null],
  [
    "2018-04-14",
    "Les frappes ont eu lieu dans la nuit de vendredi à samedi.",
    "nuit de vendredi à samedi",
    "2018-04-14",
  ],
  ["2018-04-14", "Le conseil s'était réuni le 9 avril dernier.", "9 avril", "2018-04-09"],
  ["2022-02-17", "Les troupes quitteront le pays d'ici juin.", "juin", "2022-06", "month"],
  ["2020-02-20", "Le 1er mars 2019, une première offensive avait échoué.", "1er mars 2019", "2019-03-01"],
  ["2020-02-20", "Il avait été vu pour la dernière fois mi-février.", "mi-février", "2020-02", "month"],
];

const EN: Row[] = [
  ["2020-02-20", "Rebels shelled the airport on Thursday.", "Thursday", "2020-02-20"],
  ["2020-02-20", "The delegation walked out of the talks on Tuesday.", "Tuesday", "2020-02-18"],
  ["2021-05-12", "Militants fired rockets late Monday.", "Monday", "2021-05-10"],
  ["2021-05-12", "An airstrike hit the building on Tuesday night.", "Tuesday night", "2021-05-11"],
  ["2021-05-12", "The ministers met last week in Cairo.", "last week", "2021-05", "month"],
  [
    "2021-05-12",
    "Protests erupted earlier this month in the capital.",
    "earlier this month",
    "2021-05",
    "month",
  ],
  ["2021-05-12", "Two soldiers were killed two days ago.", "two days ago", "2021-05-10"],
  [
    "2022-02-28",
    "Two states had closed their airspace earlier in the week.",
    "earlier in the week",
    "2022-02",
    "month",
  ],
  ["2021-05-12", "The rebels may attack the port again.", "may", null],
  ["2021-05-12", "The truce was announced yesterday.", "yesterday", "2021-05-11"],
  ["2021-05-12", "Talks will resume next Monday.", "next Monday", "2021-05-17"],
  ["2021-05-12", "Clashes have intensified in recent weeks.", "in recent weeks", "2021-05", "month"],
  [
    "2020-01-14",
    "The ceasefire began on Jan. 12. A week later, fighting resumed.",
    "A week later",
    "2020-01-19",
  ],
  ["2020-01-14", "The ceasefire took effect on January 12.", "January 12", "2020-01-12"],
  ["2018-04-14", "The strikes were launched early on Saturday.", "Saturday", "2018-04-14"],
  ["2018-04-14", "The chemical attack on April 7 killed dozens.", "April 7", "2018-04-07"],
  ["2018-04-14", "The civil war began in 2011.", "2011", "2011", "year"],
  ["2018-04-14", "Inspectors arrived in March 2017.", "March 2017", "2017-03", "month"],
  ["2021-08-16", "The president fled the country on Sunday.", "Sunday", "2021-08-15"],
  ["2021-08-16", "The city fell last month after weeks of fighting.", "last month", "2021-07", "month"],
  ["2021-08-16", "Foreign troops began leaving in May.", "May", "2021-05", "month"],
  ["2021-08-16", "The agreement was signed last year in Doha.", "last year", "2020", "year"],
  ["2021-08-16", "Fighters entered the capital this morning.", "this morning", "2021-08-16"],
  ["2022-02-17", "The withdrawal will be completed in June.", "June", "2022-06", "month"],
  ["2022-02-17", "The junta expelled the ambassador on Jan. 31.", "Jan. 31", "2022-01-31"],
  ["2023-09-22", "Gunfire was heard in the city late Wednesday.", "Wednesday", "2023-09-20"],
  ["2023-09-22", "The offensive began three days ago.", "three days ago", "2023-09-19"],
  [
    "2023-09-22",
    "The offensive began on Tuesday. The next day, a ceasefire was agreed.",
    "The next day",
    "2023-09-20",
  ],
  ["2023-09-22", "Thousands march on the capital every week.", "march", null],
  ["2021-05-20", "After 11 days of shelling, the two sides agreed a truce.", "After 11 days", null],
  ["2021-05-20", "In three weeks of talks, the envoys settled nothing.", "In three weeks", null],
  [
    "2023-06-09",
    "The government and the rebels signed a truce on June 9, 2023.",
    "June 9, 2023",
    "2023-06-09",
  ],
  ["2023-06-09", "Negotiations started in late 2022.", "2022", "2022", "year"],
  ["2023-06-09", "The group has been fighting since 1964.", "1964", "1964", "year"],
  [
    "2020-02-20",
    "The port was hit on February 18. The day before, talks had stalled.",
    "The day before",
    "2020-02-17",
  ],
  ["2021-05", "Rockets were fired yesterday.", "yesterday", "2021-05", "month"],
  ["2020-02-20", "He has 13 children.", "13", null],
  ["2020-02-20", "Fighting broke out in mid-January near the airport.", "mid-January", "2020-01", "month"],
];

const ES: Row[] = [
  ["2020-02-20", "Anoche se registraron explosiones en el puerto.", "Anoche", "2020-02-19"],
  ["2020-02-20", "El ataque ocurrió anteayer según la policía.", "anteayer", "2020-02-18"],
  ["2020-02-20", "Las fuerzas tomaron el aeropuerto hace dos días.", "hace dos días", "2020-02-18"],
  ["2020-02-20", "El convoy fue atacado hace una semana.", "hace una semana", "2020-02-13"],
  ["2020-02-20", "La ofensiva comenzó hace tres meses.", "hace tres meses", "2019-11", "month"],
  ["2020-02-20", "Los ministros se reunieron la semana pasada.", "la semana pasada", "2020-02", "month"],
  ["2020-02-20", "El mes pasado se firmó un acuerdo.", "El mes pasado", "2020-01", "month"],
  ["2020-02-20", "El año pasado hubo más de mil muertos.", "El año pasado", "2019", "year"],
  ["2020-02-20", "La delegación viajará pasado mañana a Berlín.", "pasado mañana", "2020-02-22"],
  ["2020-02-20", "Las conversaciones se reanudarán el lunes próximo.", "lunes", "2020-02-24"],
  ["2022-02-17", "Este jueves (17.02.2022) el gobierno anunció la retirada.", "Este jueves", "2022-02-17"],
  ["2022-02-17", "Este jueves (17.02.2022) el gobierno anunció la retirada.", "17.02.2022", "2022-02-17"],
  ["2021-08-16", "El alto el fuego regirá a partir del próximo 3 de agosto.", "3 de agosto", "2022-08-03"],
  ["2020-02-20", "El acuerdo se firmó el 13 de enero en Moscú.", "13 de enero", "2020-01-13"],
  ["2020-01-09", "Los bombardeos del 20 de diciembre dejaron diez muertos.", "20 de diciembre", "2019-12-20"],
  ["2020-02-20", "Ayer, el general se reunió con el ministro.", "Ayer", "2020-02-19"],
  ["2020-02-20", "Hoy se cumplen dos años del conflicto.", "Hoy", "2020-02-20"],
  ["2020-02-20", "La guerra comenzó en marzo de 2011.", "marzo de 2011", "2011-03", "month"],
  ["2020-02-20", "Las tropas llegaron en enero.", "enero", "2020-01", "month"],
  ["2020-02-20", "El puerto fue atacado el martes.", "martes", "2020-02-18"],
  [
    "2020-02-20",
    "El puerto fue atacado el 18 de febrero. Una semana después, la tregua se rompió.",
    "Una semana después",
    "2020-02-25",
  ],
  [
    "2020-02-20",
    "La violencia aumentó en las últimas semanas.",
    "en las últimas semanas",
    "2020-02",
    "month",
  ],
  ["2020-02-20", "El grupo opera en la región desde 2014.", "2014", "2014", "year"],
  ["2023-06-09", "Por la mañana, los negociadores firmaron el acta.", "mañana", null],
  ["2023-06-09", "El ELN y el gobierno firmaron el acuerdo este viernes.", "este viernes", "2023-06-09"],
  ["2023-06-09", "El cese al fuego comenzará el 3 de agosto.", "3 de agosto", "2023-08-03"],
  [
    "2023-06-09",
    "La mesa se instaló a finales de noviembre de 2022.",
    "finales de noviembre de 2022",
    "2022-11",
    "month",
  ],
  [
    "2023-09-22",
    "Se escucharon disparos en la noche del 20 al 21 de septiembre.",
    "noche del 20 al 21",
    "2023-09-21",
  ],
  ["2023-09-22", "Marzo es un buen nombre para un perro, dijo.", "Marzo", null],
  ["2023-09-22", "Tiene 13 hermanos.", "13", null],
  ["2023-09-22", "El presidente habló el miércoles con sus aliados.", "miércoles", "2023-09-20"],
  ["2021-05-12", "Los cohetes fueron lanzados antier desde la frontera.", "antier", "2021-05-10"],
  ["2021-05", "Anoche hubo bombardeos.", "Anoche", "2021-05", "month"],
  ["2021-05-12", "Israel aceptó la tregua el jueves pasado.", "jueves", "2021-05-06"],
  ["2018-04-14", "Los ataques ocurrieron en la madrugada del sábado.", "sábado", "2018-04-14"],
  ["2018-04-14", "Los inspectores llegaron a mediados de marzo.", "mediados de marzo", "2018-03", "month"],
  ["2021-05-20", "Tras once días de combates, las partes firmaron una tregua.", "Tras once días", null],
];

export const DATE_CASES: readonly DateCase[] = [...table("fr", FR), ...table("en", EN), ...table("es", ES)];

/** A case is right when a date read over its expression has the expected value and precision. */
export function evalDates(cases: readonly DateCase[]): DateEval {
  const failures: DateEval["failures"] = [];
  for (const c of cases) {
    const at = c.text.indexOf(c.expr);
    const end = at + c.expr.length;
    const found = extractDates(c.text, c.lang, { published: c.published }).filter(
      (d) => at >= 0 && d.range[0] < end && d.range[1] > at,
    );
    const ok =
      at >= 0 &&
      (c.expected === null
        ? found.length === 0
        : found.some((d) => d.value === c.expected && d.precision === c.precision));
    if (!ok) {
      const got = found.map((d) => `${d.text}=${d.value}/${d.precision}`).join(", ") || "nothing";
      failures.push({ case: c, got: at < 0 ? "expression not in text" : got });
    }
  }
  const correct = cases.length - failures.length;
  return { total: cases.length, correct, accuracy: cases.length ? correct / cases.length : 1, failures };
}
