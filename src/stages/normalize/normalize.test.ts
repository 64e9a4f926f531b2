import { describe, expect, it } from "vitest";
import { VigieError } from "../../errors.js";
import { foldForMatch, htmlToText, normalizeText } from "./normalize.js";

describe("normalizeText", () => {
  it.each([
    ["strips a leading BOM", "\uFEFFLe sommet s'ouvre.", "Le sommet s'ouvre."],
    [
      "turns CRLF and CR into LF",
      "Ligne un.\r\nLigne deux.\rLigne trois.",
      "Ligne un.\nLigne deux.\nLigne trois.",
    ],
    ["turns NEL, U+2028 and U+2029 into LF", "a\u0085b\u2028c\u2029d", "a\nb\nc\nd"],
    ["turns form feed and vertical tab into LF", "page un\fpage deux\vfin", "page un\npage deux\nfin"],
    ["composes to NFC", "Le pre\u0301sident a de\u0301clare\u0301", "Le président a déclaré"],
    [
      "removes C0 and C1 controls",
      "Les\u0000 troupes\u0007 ont\u0093 quitté\u001b la ville",
      "Les troupes ont quitté la ville",
    ],
    ["keeps tabs and newlines", "col1\tcol2\nsuite", "col1\tcol2\nsuite"],
    [
      "removes soft hyphens, zero-width spaces and bidi marks",
      "négo\u00ADciations\u200B en\u200E cours",
      "négociations en cours",
    ],
    [
      "keeps visible characters such as NBSP and quotes",
      "M.\u00A0Dupont : «\u202Fnon\u202F»",
      "M.\u00A0Dupont : «\u202Fnon\u202F»",
    ],
    ["keeps ZWJ in emoji", "drapeau 🏳\u200D🌈", "drapeau 🏳\u200D🌈"],
    ["replaces lone surrogates", "a\uD800b", "a\uFFFDb"],
    ["leaves plain text alone", "The army withdrew on Monday.", "The army withdrew on Monday."],
  ])("%s", (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it("is idempotent", () => {
    const once = normalizeText("\uFEFFUn\r\nDeux\u0085E\u0301té");
    expect(normalizeText(once)).toBe(once);
  });
});

describe("foldForMatch", () => {
  it.each([
    ["L’armée a tiré", "l'armée a tiré"],
    ["l‘ONU", "l'onu"],
    ["qu`il", "qu'il"],
    ["Naʼvi", "na'vi"],
    ["« Non » dit-il", '" non " dit-il'],
    ["“Yes” and „ja“", '"yes" and "ja"'],
    ["cessez–le–feu — enfin", "cessez-le-feu - enfin"],
    ["M.\u00A0Dupont et 10\u202F000 soldats", "m. dupont et 10 000 soldats"],
    ["İstanbul", "istanbul"],
    ["GENÈVE", "genève"],
  ])("%s", (input, expected) => {
    expect(foldForMatch(input)).toBe(expected);
  });

  it.each(["İzmir ve İstanbul’da", "“Ça suffit”, a-t-il dit — vendredi.", "ΣΟΦΊΑ", "ǅ Ǉ ß"])(
    "keeps the length of %s",
    (input) => {
      expect(foldForMatch(input)).toHaveLength(input.length);
    },
  );

  it("maps a match back to the same range of the original", () => {
    const text = "Le président a « condamné » l’attaque.";
    const folded = foldForMatch(text);
    const i = folded.indexOf("l'attaque");
    expect(text.slice(i, i + "l'attaque".length)).toBe("l’attaque");
  });
});

describe("htmlToText", () => {
  const page = `<!DOCTYPE html>
<html lang="fr-FR">
<head>
  <meta charset="utf-8">
  <title>Trêve à Kessaria | Le Quotidien</title>
  <meta property="og:title" content="Trêve &agrave; Kessaria">
  <meta property="article:published_time" content="2031-04-02T08:15:00+02:00">
  <script>window.track("<p>pas du texte</p>");</script>
  <style>p { color: red; }</style>
</head>
<body>
  <nav><ul><li><a href="/">Accueil</a></li><li><a href="/monde">Monde</a></li></ul></nav>
  <article>
    <h1>Trêve à Kessaria</h1>
    <p>Les deux camps ont <a href="https://example.org/a">signé</a> une trêve mardi.<img src="photo.jpg" alt="Photo"></p>
    <p>Le médiateur a salué&nbsp;un « pas décisif », selon un communiqué publié <time datetime="2031-04-01">lundi</time>.</p>
    <script>alert("non")</script>
  </article>
  <aside>À lire aussi : les autres conflits</aside>
  <footer>© 2031 Le Quotidien</footer>
</body>
</html>`;

  it("keeps headings and paragraphs, drops scripts, navigation, asides and footers", () => {
    const r = htmlToText(page, "page.html");
    expect(r.text).toBe(
      "Trêve à Kessaria\n\nLes deux camps ont signé une trêve mardi.\n\n" +
        "Le médiateur a salué\u00A0un « pas décisif », selon un communiqué publié lundi.",
    );
    expect(r.text).not.toMatch(/Accueil|lire aussi|©|track|alert|https|photo/i);
  });

  it("extracts title, publication date and language", () => {
    const r = htmlToText(page, "page.html");
    expect(r.title).toBe("Trêve à Kessaria");
    expect(r.published).toBe("2031-04-02T08:15:00+02:00");
    expect(r.lang).toBe("fr");
  });

  it("falls back on <title> and <time datetime>", () => {
    const r = htmlToText(
      `<html lang="en"><head><title>
        Ceasefire holds
      </title></head><body><p>The ceasefire held on <time datetime="2031-05-09">Friday</time>.</p></body></html>`,
      "b.html",
    );
    expect(r).toEqual({
      text: "The ceasefire held on Friday.",
      title: "Ceasefire holds",
      published: "2031-05-09",
      lang: "en",
    });
  });

  it.each([
    [
      "unclosed tags",
      "<p>Los rebeldes <b>tomaron la ciudad<p>Hubo dos heridos<div>Fin",
      "Los rebeldes tomaron la ciudad\n\nHubo dos heridos\n\nFin",
    ],
    [
      "a stray closing tag",
      "<div>Talks resumed.</span></div></p><p>Nothing else",
      "Talks resumed.\n\nNothing else",
    ],
    ["an unclosed title", "<title>Alerte<p>Le port a été bloqué.", "Alerte\n\nLe port a été bloqué."],
    [
      "a fragment without html or body",
      "Texte <i>simple</i> sans balise racine.",
      "Texte simple sans balise racine.",
    ],
  ])("reads broken HTML: %s", (_name, html, expected) => {
    expect(htmlToText(html, "broken.html").text).toBe(expected);
  });

  it.each([
    ["no body text", "<html><head><title>Vide</title></head><body>  </body></html>"],
    ["only scripts and navigation", "<body><script>x()</script><nav>Menu</nav></body>"],
    ["nothing at all", ""],
  ])("refuses a page with %s", (_name, html) => {
    expect(() => htmlToText(html, "vide.html")).toThrow(VigieError);
    try {
      htmlToText(html, "vide.html");
    } catch (e) {
      expect((e as VigieError).code).toBe("INPUT_EMPTY");
      expect((e as VigieError).message).toContain("vide.html");
    }
  });
});
