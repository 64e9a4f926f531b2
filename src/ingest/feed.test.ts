import { describe, expect, it } from "vitest";
import { isFeed, parseFeed, type FeedEntry } from "./feed.js";

const rss = (items: string, head = "<title>Le Courrier de Tarvanie</title><language>fr-FR</language>") =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>${head}${items}</channel></rss>`;

const ok = (e: FeedEntry | undefined) => {
  if (!e || "error" in e) throw new Error(`expected an item, got ${JSON.stringify(e)}`);
  return e;
};

describe("isFeed", () => {
  it.each([
    ['<?xml version="1.0"?>\n<rss version="2.0">', true],
    ["\uFEFF<feed xmlns='http://www.w3.org/2005/Atom'>", true],
    ['<?xml version="1.0"?><!-- generated --><rdf:RDF xmlns:rdf="x">', true],
    ["<!DOCTYPE html><html><body>rss</body></html>", false],
    ['{"id": "a", "text": "<rss>"}', false],
    ["", false],
  ])("%j -> %s", (head, want) => expect(isFeed(head)).toBe(want));
});

describe("parseFeed", () => {
  it("reads RSS 2.0 items: guid, link, RFC 822 date, HTML description, channel title and language", () => {
    const [a, b] = parseFeed(
      rss(
        `<item><title>Accord &amp; paix</title><link>https://ex.test/1</link><guid>tarv-1</guid>` +
          `<pubDate>Tue, 05 Mar 2019 10:00:00 +0100</pubDate>` +
          `<description>&lt;p&gt;Le ministre Ivo Darel a signé un accord.&lt;/p&gt;</description></item>` +
          `<item><link>https://ex.test/2</link><content:encoded><![CDATA[<p>Les dockers de Marvel ont manifesté <b>lundi</b>.</p>]]></content:encoded></item>`,
      ),
      "feed.rss",
    );
    expect(ok(a)).toEqual({
      id: "tarv-1",
      origin: "feed.rss#1",
      title: "Accord & paix",
      url: "https://ex.test/1",
      published: "2019-03-05",
      source: "Le Courrier de Tarvanie",
      lang: "fr",
      text: "Le ministre Ivo Darel a signé un accord.",
    });
    expect(ok(b)).toMatchObject({
      id: "https://ex.test/2",
      text: "Les dockers de Marvel ont manifesté lundi.",
    });
  });

  it("reads Atom entries: id, alternate link, published date, summary", () => {
    const xml =
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="es"><title>Diario del Norte</title>` +
      `<entry><id>urn:x:1</id><title type="html">Huelga</title><link rel="self" href="https://ex.test/self"/>` +
      `<link rel="alternate" href="https://ex.test/a?x=1&amp;y=2"/><published>2020-01-02T08:00:00Z</published>` +
      `<summary>Los mineros de Ostrava anunciaron una huelga.</summary></entry></feed>`;
    expect(ok(parseFeed(xml, "a.atom")[0])).toEqual({
      id: "urn:x:1",
      origin: "a.atom#1",
      title: "Huelga",
      url: "https://ex.test/a?x=1&y=2",
      published: "2020-01-02",
      source: "Diario del Norte",
      lang: "es",
      text: "Los mineros de Ostrava anunciaron una huelga.",
    });
  });

  it("reads RSS 1.0 (RDF) items and numeric entities", () => {
    const xml =
      `<rdf:RDF xmlns:rdf="r" xmlns:dc="d"><channel><title>T</title></channel><item><title>x</title>` +
      `<link>https://ex.test/r</link><dc:date>2018-11-17</dc:date><description>Caf&#233; &#x2014; fin.</description></item></rdf:RDF>`;
    expect(ok(parseFeed(xml, "r.xml")[0])).toMatchObject({ published: "2018-11-17", text: "Café — fin." });
  });

  it("keeps the complete items of a truncated feed and reports an item without text", () => {
    const entries = parseFeed(
      rss(
        `<item><guid>1</guid><description>Un texte.</description></item><item><guid>2</guid></item><item><guid>3</guid><descr`,
      ),
      "cut.rss",
    );
    expect(entries).toHaveLength(2);
    expect(ok(entries[0]).text).toBe("Un texte.");
    expect(entries[1]).toMatchObject({ origin: "cut.rss#2", id: "2", error: { code: "INPUT_EMPTY" } });
  });

  it.each([
    ["<rss><channel><title>vide</title></channel></rss>"],
    ["<feed><title>rien</title>"],
    ["not xml at all"],
  ])("fails a feed without items: %j", (xml) => {
    const [e] = parseFeed(xml, "bad.xml");
    expect(e).toMatchObject({ origin: "bad.xml", error: { code: "INPUT_FEED" } });
    expect((e as { error: Error }).error.message).toContain("bad.xml");
  });

  it("leaves an unreadable date out rather than failing the item", () => {
    const [e] = parseFeed(
      rss("<item><guid>g</guid><pubDate>someday</pubDate><description>Texte.</description></item>"),
      "f.rss",
    );
    expect(ok(e).published).toBeUndefined();
  });
});
