import { describe, expect, it } from "vitest";
import { ENTITY_TYPES, MODALITIES, PLOVER_TYPES, RELATION_TYPES } from "../doc/types.js";
import { run } from "../test-utils/analyze.js";
import { toGold } from "./gold.js";

const TEXTS = [
  [
    "fr",
    "Hier, les forces russes ont bombardé Kiev, selon l'ONU. Le Mali bénéficie du soutien militaire de la Russie.",
  ],
  ["en", "Hamas fired rockets at Israel on Monday. Egypt and Qatar held talks with Hamas in Cairo."],
  ["es", "El Gobierno de Colombia y el ELN firmaron un acuerdo en La Habana el viernes."],
] as const;

describe("gold format", () => {
  it.each(TEXTS)("%s: follows shared/spec/gold-format.md", (lang, text) => {
    const gold = toGold(run(lang, text, "2024-05-08"));
    expect(gold).toMatchObject({ id: "test", lang, published: "2024-05-08", text });
    const ids = new Set(gold.entities.map((e) => e.id));
    expect(ids.size).toBe(gold.entities.length);
    for (const e of gold.entities) {
      expect(ENTITY_TYPES).toContain(e.type);
      expect(e.mentions.length).toBeGreaterThan(0);
      const lower = e.mentions.map((m) => m.toLowerCase());
      for (const [s, end] of e.spans) expect(lower).toContain(text.slice(s, end).toLowerCase());
      if (e.country) expect(e.country).toMatch(/^[A-Z]{3}$/u);
    }
    for (const ev of gold.events) {
      expect(PLOVER_TYPES).toContain(ev.type);
      expect(MODALITIES).toContain(ev.modality);
      for (const x of [...ev.source, ...ev.target, ...ev.reported_by]) expect(ids).toContain(x);
      expect(text.slice(ev.evidence_span[0], ev.evidence_span[1])).toBe(ev.evidence);
      if (ev.date_precision === "unknown") expect(ev.date).toBeUndefined();
      else expect(ev.date).toMatch(/^\d{4}(?:-\d{2}){0,2}$/u);
    }
    for (const r of gold.relations) {
      expect(RELATION_TYPES).toContain(r.type);
      for (const x of [...r.source, ...r.target]) expect(ids).toContain(x);
      expect(text).toContain(r.evidence);
    }
  });

  it("lists a mention string once per entity, up to case and accents", () => {
    const gold = toGold(
      run("fr", "L'ONU a parlé. Puis l'ONU a encore parlé. Les NATIONS UNIES ont confirmé."),
    );
    const un = gold.entities.find((e) => e.id === "un")!;
    expect(un.mentions).toEqual(["ONU", "NATIONS UNIES"]);
    expect(un.spans).toHaveLength(3);
  });
});
