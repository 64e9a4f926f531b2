import { writeFileSync } from "node:fs";

const PEOPLE = [
  "Paul Verrand",
  "Anne Loubier",
  "Marc Delsol",
  "Julie Carmont",
  "Henri Vasseur",
  "Sofia Brandel",
];
const CITIES = ["Lyon", "Marseille", "Toulouse", "Nantes", "Bordeaux", "Lille"];
const FR = [
  (p: string, c: string) => `Le ministre ${p} a rencontré lundi à ${c} les représentants des syndicats.`,
  (p: string, c: string) =>
    `Des milliers de manifestants ont défilé samedi à ${c} contre la réforme défendue par ${p}.`,
  (p: string, c: string) => `${p} a accusé mardi le gouvernement de mentir sur le budget de ${c}.`,
  (p: string, c: string) => `La police a arrêté vendredi à ${c} trois militants proches de ${p}.`,
];

/** Invented French articles, each distinct (numbered), with a few events each. */
export function inventedArticles(n: number): { id: string; lang: string; published: string; text: string }[] {
  const out = [];
  for (let i = 0; i < n; i++) {
    const p = PEOPLE[i % PEOPLE.length]!;
    const c = CITIES[(i * 5) % CITIES.length]!;
    const day = String(1 + (i % 28)).padStart(2, "0");
    const body = [0, 1, 2, 3].map((k) => FR[(i + k) % FR.length]!(p, c)).join(" ");
    out.push({
      id: `inv-${i + 1}`,
      lang: "fr",
      published: `2024-03-${day}`,
      text: `${body}\n\nDépêche numéro ${i + 1} de notre correspondant à ${c}.`,
    });
  }
  return out;
}

export function writeJsonl(path: string, rows: object[]): void {
  writeFileSync(path, rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
}
