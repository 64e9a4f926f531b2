import { describe, expect, it } from "vitest";
import { convertPloverGsr, convertPloverRecord, eventParts, stripMarkup } from "./convert-plover.js";
import { convertPopcorn, uniqueEvidence } from "./convert-popcorn.js";

describe("PLOVER Gold Standard Records", () => {
  it.each([
    ["(SRC: Rebels) (EVT: attacked) the (TAR: army base)", "Rebels attacked the army base", ["attacked"]],
    [
      "(SRC: Police (LOC: in Tarvo)) (EVT: seized (LOC:in town)) arms (Reuters)",
      "Police in Tarvo seized in town arms (Reuters)",
      ["seized in town"],
    ],
    ["No markup (at all)", "No markup (at all)", []],
  ])("strips %j", (markup, text, parts) => {
    expect(stripMarkup(markup)).toBe(text);
    expect(eventParts(markup)).toEqual(parts);
  });

  it("maps PLOVER 0.5 categories and builds evidence from the first to the last EVT", () => {
    const a = convertPloverRecord({
      id: "r1",
      event: "DEMAND",
      text: "Farmers in Zeland demanded  that the Ministry act, officials said.",
      source: [{ actorText: "Farmers", code: "ZEL", sector: "AGR" }],
      target: [{ actorText: "Ministry", code: "ZEL", sector: "GOV" }],
      textInfo: {
        markup:
          "(SRC: Farmers) in Zeland (EVT: demanded) that the (TAR: Ministry) (EVT: act), officials said.",
      },
    });
    expect(a?.events).toEqual([
      expect.objectContaining({
        type: "REQUEST",
        source: ["e1"],
        target: ["e2"],
        evidence: "demanded  that the Ministry act",
      }),
    ]);
    expect(a?.annotated_types).toEqual([]);
    expect(a?.entities.map((e) => e.type)).toEqual(["ORG", "ORG"]);
  });

  it("skips the header record and records whose EVT cannot be found", () => {
    expect(
      convertPloverGsr([
        { id: "doc", event: "DOCUMENT", text: "about" },
        { id: "r2", event: "AGREE", text: "They met.", textInfo: { markup: "They (EVT: signed)." } },
        "not a record",
      ]),
    ).toEqual([]);
  });
});

describe("POPCORN", () => {
  const text = "La grève des dockers a paralysé Portville. La grève a duré deux jours. Un incendie a suivi.";
  const data = {
    t1: {
      text,
      entities: [
        {
          id: 0,
          type: "STRIKE",
          mentions: [
            { value: "grève", start: 3, end: 8 },
            { value: "grève", start: 46, end: 51 },
          ],
        },
        { id: 1, type: "FIRE", mentions: [{ value: "incendie", start: 75, end: 83 }] },
        {
          id: 2,
          type: "NON_GOVERNMENTAL_ORGANISATION",
          mentions: [{ value: "Syndicat Bleu", start: 0, end: 0 }],
        },
        { id: 3, type: "GROUP_OF_INDIVIDUALS", mentions: [{ value: "dockers", start: 13, end: 20 }] },
      ],
      relations: [[2, "INITIATED", 0]],
    },
  };

  it("keeps the mapped event types, with a unique evidence and the initiator", () => {
    const [a] = convertPopcorn(data);
    expect(a?.events).toEqual([
      expect.objectContaining({ type: "PROTEST", mode: "strike", source: ["p2"], evidence: "grève des" }),
    ]);
    expect(a?.events[0]?.mention_spans).toEqual([
      [3, 8],
      [46, 51],
    ]);
    // The fire has no PLOVER type: its span is kept so that a proposal there is not taught as NONE.
    expect(a?.unlabelled_spans).toEqual([[75, 83]]);
    expect(a?.entities.map((e) => e.name)).toEqual(["Syndicat Bleu"]);
    expect(a?.annotated_types).toEqual(["ASSAULT", "PROTEST", "COERCE"]);
  });

  it.each([
    [3, 8, "grève des"],
    [32, 41, "Portville"],
  ])("widens [%i, %i) to a unique span", (s, e, want) => {
    expect(uniqueEvidence(text, s, e)).toBe(want);
  });

  it("reads nothing from a non-object", () => {
    expect(convertPopcorn([1, 2])).toEqual([]);
    expect(convertPopcorn(null)).toEqual([]);
  });
});
