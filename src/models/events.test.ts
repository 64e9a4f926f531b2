import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { analyze } from "../analyze.js";
import { runCli } from "../cli/test-utils/run.js";
import { Pipeline } from "../pipeline/stage.js";
import { DEFAULT_STAGES } from "../analyze.js";
import { eventClassStage, classifyEvents } from "../stages/eventclass/eventclass.js";
import { EVENT_CLASSES, EventModel, eventModelPath, setEventModel, trainEventModel } from "./events.js";
import { labelCandidates, parseGoldEvents, readGoldEvents, trainFromGold, UNSURE } from "./events-train.js";

const dir = mkdtempSync(join(tmpdir(), "vigie-events-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => setEventModel(undefined));

interface Line {
  id: string;
  lang: string;
  text: string;
  events: { type: string; source: string[]; target: string[]; evidence: string }[];
}

/** Invented articles: "condemned" taught as REJECT (the lexicon says ACCUSE), "praised" as no event. */
function teachingLines(): Line[] {
  const lines: Line[] = [];
  const pairs = [
    ["Norway", "Sweden"],
    ["Austria", "Hungary"],
    ["Kenya", "Uganda"],
  ];
  pairs.forEach(([a, b], i) => {
    lines.push({
      id: `teach-${i}`,
      lang: "en",
      text: `${a} condemned ${b} on Tuesday.`,
      events: [{ type: "REJECT", source: [], target: [], evidence: `condemned ${b}` }],
    });
    lines.push({ id: `none-${i}`, lang: "en", text: `${a} praised ${b} on Friday.`, events: [] });
  });
  return lines;
}

const jsonl = (lines: object[]) => lines.map((l) => JSON.stringify(l)).join("\n") + "\n";

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("reading gold events", () => {
  const ok = { id: "a", lang: "en", text: "Chile threatened Peru.", events: [] };
  it.each([
    ["a line that is not JSON", `${JSON.stringify(ok)}\n{not json\n`, /g\.jsonl:2: not JSON/u],
    ["a line without text", `{"id":"b"}\n`, /g\.jsonl:1: article "b" needs a string "text"/u],
    [
      "an unknown event type",
      jsonl([{ ...ok, events: [{ type: "FIGHT", evidence: "threatened" }] }]),
      /g\.jsonl:1: event 1: unknown event type "FIGHT"/u,
    ],
    [
      "evidence missing from the text",
      jsonl([{ ...ok, events: [{ type: "THREATEN", evidence: "warned" }] }]),
      /g\.jsonl:1: event 1: evidence "warned" is not in the text/u,
    ],
    ["a bad annotated_types", jsonl([{ ...ok, annotated_types: ["WAR"] }]), /"annotated_types" must be/u],
    [
      "mention spans outside the text",
      jsonl([{ ...ok, events: [{ type: "THREATEN", evidence: "threatened", mention_spans: [[6, 99]] }] }]),
      /g\.jsonl:1: event 1: "mention_spans" must be a list of \[start, end\]/u,
    ],
    ["bad unlabelled spans", jsonl([{ ...ok, unlabelled_spans: [[3, 2]] }]), /"unlabelled_spans" must be/u],
  ])("rejects %s, naming file:line", (_, text, message) => {
    expect(() => parseGoldEvents(text, "g.jsonl")).toThrow(message);
  });

  it("reads events, entities and annotated types", () => {
    const [a] = parseGoldEvents(
      jsonl([
        {
          ...ok,
          entities: [{ id: "chl", name: "Chile", type: "GPE", mentions: ["Chile"] }],
          events: [{ type: "THREATEN", source: ["chl"], target: [], evidence: "threatened" }],
          annotated_types: ["THREATEN"],
        },
      ]),
      "g.jsonl",
    );
    expect(a?.events).toEqual([{ type: "THREATEN", source: ["chl"], target: [], evidence: "threatened" }]);
    expect(a?.entities[0]?.mentions).toEqual(["Chile"]);
    expect(a?.annotatedTypes).toEqual(["THREATEN"]);
    expect(a?.where).toBe("g.jsonl:1");
  });
});

describe("aligning proposals to gold events", () => {
  const text = "Chile condemned Peru on Sunday. Chile praised Peru on Monday. Chile threatened Peru.";
  const label = (extra: object) => {
    const [gold] = parseGoldEvents(jsonl([{ id: "l", lang: "en", text, ...extra }]), "l.jsonl");
    const doc = analyze({ id: "l", text, lang: "en" });
    expect(doc.events.map((e) => e.type)).toEqual(["ACCUSE", "SUPPORT", "THREATEN"]);
    return labelCandidates(doc, gold!).map((l) => (l === UNSURE ? "UNSURE" : EVENT_CLASSES[l]));
  };

  it.each([
    ["no gold event", {}, ["NONE", "NONE", "NONE"]],
    [
      "gold evidence over a trigger",
      { events: [{ type: "REJECT", evidence: "condemned Peru" }] },
      ["REJECT", "NONE", "NONE"],
    ],
    [
      "gold evidence that only shares the clause",
      { events: [{ type: "PROTEST", evidence: "Peru on Monday" }] },
      ["NONE", "UNSURE", "NONE"],
    ],
    [
      "a further mention span of a gold event",
      { events: [{ type: "THREATEN", evidence: "Sunday", mention_spans: [[68, 78]] }] },
      ["NONE", "NONE", "THREATEN"],
    ],
    ["an unlabelled span", { unlabelled_spans: [[38, 44]] }, ["NONE", "UNSURE", "NONE"]],
  ])("%s", (_, extra, want) => {
    expect(label(extra)).toEqual(want);
  });
});

describe("event classifier", () => {
  const articles = parseGoldEvents(jsonl(teachingLines()), "teach.jsonl");

  it("learns a type the lexicon does not give, and NONE", () => {
    const { model, report } = trainFromGold(articles);
    expect(report.labels).toEqual({ REJECT: 3, NONE: 3 });
    const taught = analyze({ id: "t", text: "Chile condemned Peru on Sunday.", lang: "en" });
    expect(taught.events.map((e) => e.type)).toEqual(["ACCUSE"]);
    expect(EVENT_CLASSES[model.predict(taught, taught.events[0]!).best]).toBe("REJECT");
    const none = analyze({ id: "n", text: "Chile praised Peru on Sunday.", lang: "en" });
    expect(none.events.map((e) => e.type)).toEqual(["SUPPORT"]);
    expect(EVENT_CLASSES[model.predict(none, none.events[0]!).best]).toBe("NONE");
    // An unseen trigger keeps the lexicon's type: the model only corrects what it was taught.
    const unseen = analyze({ id: "u", text: "Chile threatened Peru on Sunday.", lang: "en" });
    expect(EVENT_CLASSES[model.predict(unseen, unseen.events[0]!).best]).toBe("THREATEN");
  });

  it("drops, re-types or keeps proposals by the margins", () => {
    const { model } = trainFromGold(articles, { retypeMargin: 0 });
    const doc = analyze({ id: "m", text: "Chile condemned Peru. Chile praised Peru. Chile threatened Peru.", lang: "en" });
    expect(doc.events.map((e) => e.type)).toEqual(["ACCUSE", "SUPPORT", "THREATEN"]);
    const out = classifyEvents(doc, model);
    expect(out.map((e) => e.type)).toEqual(["REJECT", "THREATEN"]);
    expect(out[0]?.origin).toMatch(/\+model:ACCUSE>REJECT$/u);
    expect(out[0]?.cameo).toBeUndefined();
    const keep = trainFromGold(articles).model;
    expect(classifyEvents(doc, keep).map((e) => e.type)).toEqual(["ACCUSE", "THREATEN"]);
  });

  it("is deterministic and survives encoding", () => {
    const a = trainFromGold(articles).model.encode();
    const b = trainFromGold(articles).model.encode();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const other = trainFromGold(articles, { seed: 7, epochs: 3 }).model;
    expect(other.header.seed).toBe(7);
    const decoded = EventModel.decode(a);
    const doc = analyze({ id: "d", text: "Chile condemned Peru on Sunday.", lang: "en" });
    expect(decoded.predict(doc, doc.events[0]!).best).toBe(trainFromGold(articles).model.predict(doc, doc.events[0]!).best);
    expect(() => EventModel.decode(new Uint8Array([1, 2, 3]))).toThrow(/too short/u);
  });

  it("refuses to train without candidates", () => {
    const empty = parseGoldEvents(jsonl([{ id: "e", lang: "en", text: "Nothing happened.", events: [] }]), "e.jsonl");
    expect(() => trainFromGold(empty)).toThrow(/no training examples/u);
  });

  it("leaves events alone when no model is loaded", () => {
    setEventModel(null);
    const pipeline = new Pipeline([...DEFAULT_STAGES, eventClassStage]);
    const doc = analyze({ id: "s", text: "Chile praised Peru on Sunday.", lang: "en" }, {}, pipeline);
    expect(doc.events.map((e) => e.type)).toEqual(["SUPPORT"]);
    setEventModel(trainFromGold(articles).model);
    const filtered = analyze({ id: "s", text: "Chile praised Peru on Sunday.", lang: "en" }, {}, pipeline);
    expect(filtered.events).toEqual([]);
  });

  it("ships a model the stage can load", () => {
    const shipped = EventModel.load(eventModelPath());
    expect(shipped.header.classes).toEqual([...EVENT_CLASSES]);
    expect(shipped.header.retypeMargin).toBeNull();
    expect(() => EventModel.load(join(dir, "absent.bin"))).toThrow(/model file not found/u);
  });

  it("trains the same bytes from the same examples", () => {
    const ex = [{ feats: new Int32Array([1, 2, 3]), label: 2, lex: 1 }];
    const a = trainEventModel(ex, { epochs: 2 }).encode();
    const b = trainEventModel(ex, { epochs: 2 }).encode();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe("vigie train events", () => {
  const gold = () => write("teach.jsonl", jsonl(teachingLines()));

  it("writes a model that the stage can load, byte-identical on a second run", async () => {
    const out1 = join(dir, "m1.bin");
    const out2 = join(dir, "m2.bin");
    const r1 = await runCli(["train", "events", "--gold", gold(), "--out", out1, "--epochs", "5"]);
    expect(r1.code).toBe(0);
    expect(r1.out).toMatch(/6 candidate events from 6 articles \(REJECT 3, NONE 3\)/u);
    expect((await runCli(["train", "events", "--gold", gold(), "--out", out2, "--epochs", "5"])).code).toBe(0);
    expect(readFileSync(out1).equals(readFileSync(out2))).toBe(true);
    const model = EventModel.load(out1);
    expect(model.header.epochs).toBe(5);
    expect(model.header.sources).toEqual(["teach.jsonl"]);
  });

  it("drops with `vigie analyze --event-model FILE` what it learnt to drop, and names a missing file", async () => {
    const model = join(dir, "drop.bin");
    expect((await runCli(["train", "events", "--gold", gold(), "--out", model, "--epochs", "5"])).code).toBe(0);
    const article = write("praise.txt", "Chile praised Peru on Friday.");
    const types = (out: string) => (JSON.parse(out) as { events: { type: string }[] }).events.map((e) => e.type);
    const plain = await runCli(["analyze", "--lang", "en", "--format", "gold", article]);
    expect(types(plain.out)).toContain("SUPPORT");
    const checked = await runCli(["analyze", "--lang", "en", "--format", "gold", "--event-model", model, article]);
    expect(checked.code).toBe(0);
    expect(types(checked.out)).toEqual([]);
    const missing = await runCli(["analyze", "--lang", "en", "--event-model", join(dir, "none.bin"), article]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("none.bin");
  });

  it("cross-validates without writing a model", async () => {
    const { code, out } = await runCli(["train", "events", "--cv", gold(), "--folds", "2"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^2-fold cross-validation over 6 articles\nlexicon .*\nmodel .*\n$/u);
  });

  it.each([
    ["a bad JSONL line", () => write("bad.jsonl", '{"id":"a","text":"x"}\n{oops\n'), 1, /bad\.jsonl:2: not JSON/u],
    [
      "an unknown event type",
      () => write("type.jsonl", jsonl([{ id: "a", text: "Chile attacked Peru.", events: [{ type: "WAR", evidence: "attacked" }] }])),
      1,
      /type\.jsonl:1: event 1: unknown event type "WAR"/u,
    ],
    ["a missing file", () => join(dir, "absent.jsonl"), 2, /absent\.jsonl: cannot read/u],
  ])("fails on %s", async (_, file, exit, message) => {
    const { code, err } = await runCli(["train", "events", "--gold", file(), "--out", join(dir, "x.bin")]);
    expect(code).toBe(exit);
    expect(err).toMatch(message);
    expect(existsSync(join(dir, "x.bin"))).toBe(false);
  });

  it.each([
    [["train", "events"], /at least one --gold/u],
    [["train", "events", "--gold", "g.jsonl", "--epochs", "0"], /--epochs must be a positive integer/u],
    [["train", "tagger"], /--lang is required/u],
  ])("usage errors exit 2: %j", async (argv, message) => {
    const { code, err } = await runCli(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});

const DATA = resolve(import.meta.dirname, "../../../shared/data");
const haveData = existsSync(join(DATA, "events-plover-gsr-dev")) && existsSync(join(DATA, "ie-fr-popcorn"));
if (!haveData) console.log(`events.test: ${DATA} absent, skipping the corpus conversions`);

describe.skipIf(!haveData)("shared corpora as gold events", () => {
  it.each([
    ["events-plover-gsr-dev/PLOVER_GSR_CAMEO.dev.json", 80],
    ["ie-fr-popcorn/popcorn-train.json", 300],
  ])("converts %s", (file, atLeast) => {
    const articles = readGoldEvents(join(DATA, file));
    expect(articles.length).toBeGreaterThanOrEqual(atLeast);
    for (const a of articles) for (const e of a.events) expect(a.text.includes(e.evidence)).toBe(true);
    expect(articles.every((a) => a.annotatedTypes !== undefined)).toBe(true);
  });
});
