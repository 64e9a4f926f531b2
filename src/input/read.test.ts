import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp1252, FRENCH } from "./test-utils/samples.js";
import {
  type ArticleInput,
  type InputFailure,
  type ReadOptions,
  isInputFailure,
  parsePublished,
  readArticles,
} from "./read.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "vigie-read-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function collect(paths: string[], opts: ReadOptions = {}): Promise<(ArticleInput | InputFailure)[]> {
  const out: (ArticleInput | InputFailure)[] = [];
  for await (const item of readArticles(paths, opts)) out.push(item);
  return out;
}

async function one(paths: string[], opts: ReadOptions = {}): Promise<ArticleInput | InputFailure> {
  const items = await collect(paths, opts);
  expect(items).toHaveLength(1);
  return items[0]!;
}

function expectFailure(
  item: ArticleInput | InputFailure | undefined,
  code: string,
  message?: RegExp,
): InputFailure {
  expect(item).toBeDefined();
  if (item === undefined || !isInputFailure(item))
    throw new Error(`expected a failure, got ${JSON.stringify(item)}`);
  expect(item.error.code).toBe(code);
  if (message !== undefined) expect(item.error.message).toMatch(message);
  return item;
}

function expectArticle(item: ArticleInput | InputFailure | undefined): ArticleInput {
  if (item === undefined || isInputFailure(item))
    throw new Error(`expected an article, got ${String(item?.error)}`);
  return item;
}

const stdin = (...chunks: (string | Buffer)[]) =>
  Readable.from(chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c)));

describe("readArticles: plain text", () => {
  it("reads a .txt file with id from the base name and options for lang and date", async () => {
    const path = await file("depeche.txt", "Les deux pays ont signé un accord commercial lundi.\n");
    const a = expectArticle(await one([path], { lang: "fr", published: "2031-02-03T10:00:00Z" }));
    expect(a).toEqual({
      id: "depeche",
      text: "Les deux pays ont signé un accord commercial lundi.\n",
      lang: "fr",
      published: "2031-02-03",
      origin: path,
    });
  });

  it("takes the id from the options", async () => {
    const path = await file("b.txt", "Talks resumed in Oslo.");
    expect(expectArticle(await one([path], { id: "dep-42" })).id).toBe("dep-42");
  });

  it("normalises CRLF, a BOM and decomposed accents", async () => {
    const path = await file(
      "crlf.txt",
      Buffer.from("\uFEFFLe pre\u0301fet a parle\u0301.\r\nFin.\r\n", "utf8"),
    );
    expect(expectArticle(await one([path])).text).toBe("Le préfet a parlé.\nFin.\n");
  });

  it("treats an unknown extension as text", async () => {
    const path = await file("note.md", "# Alerte\n\nLa route est coupée.");
    expect(expectArticle(await one([path])).text).toBe("# Alerte\n\nLa route est coupée.");
  });

  it("decodes a windows-1252 French file and warns", async () => {
    const path = await file("ancien.txt", cp1252(FRENCH));
    const warnings: string[] = [];
    expect(expectArticle(await one([path], { onWarning: (w) => warnings.push(w) })).text).toBe(FRENCH);
    expect(warnings.join("\n")).toContain("ancien.txt");
  });

  const random = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256));
  it.each([
    [
      "random bytes with NULs",
      "random.txt",
      random,
      "INPUT_BINARY",
      /random\.txt: looks like binary data \(NUL/,
    ],
    [
      "a PNG named .txt",
      "image.txt",
      Buffer.concat([Buffer.from("\x89PNG\r\n\x1a\n", "latin1"), random]),
      "INPUT_BINARY",
      /PNG/,
    ],
    ["a PDF with an unknown extension", "doc.bin", Buffer.from("%PDF-1.4\nabc"), "INPUT_BINARY", /PDF/],
    [
      "invalid UTF-8",
      "bad.txt",
      Buffer.from([0xc3, 0x28]),
      "INPUT_ENCODING",
      /bad\.txt: invalid UTF-8 at byte 0/,
    ],
    ["an empty file", "empty.txt", Buffer.alloc(0), "INPUT_EMPTY", /empty\.txt/],
    ["a whitespace-only file", "blank.txt", " \n\t\r\n  \u00A0\n", "INPUT_EMPTY", /blank\.txt/],
    ["control characters only", "ctl.txt", "\u200B\uFEFF\n", "INPUT_EMPTY", /ctl\.txt/],
  ])("refuses %s", async (_name, name, content, code, message) => {
    const path = await file(name, content);
    const f = expectFailure(await one([path]), code, message);
    expect(f.origin).toBe(path);
    expect(f.error.input).toBe(path);
  });

  it("refuses a missing file and a directory, and goes on", async () => {
    const sub = join(dir, "sub");
    await mkdir(sub, { recursive: true });
    const good = await file("good.txt", "The summit ended on Friday.");
    const items = await collect([join(dir, "absent.txt"), sub, good]);
    expectFailure(items[0], "INPUT_NOT_FOUND", /absent\.txt: no such file/);
    expectFailure(items[1], "INPUT_UNREADABLE", /is a directory/);
    expect(expectArticle(items[2]).id).toBe("good");
  });

  it("refuses an article over maxArticleBytes with the sizes in the message", async () => {
    const path = await file("long.txt", "x".repeat(2000));
    expectFailure(
      await one([path], { maxArticleBytes: 1000 }),
      "INPUT_TOO_LARGE",
      /long\.txt: article is 2,000 bytes; the limit is 1,000 \(split it or raise --max-bytes\)/,
    );
  });

  it("refuses a bad --published before reading anything", async () => {
    await expect(collect([], { published: "hier" })).rejects.toMatchObject({ code: "USAGE" });
  });
});

describe("readArticles: HTML", () => {
  it("extracts text, title, date and language", async () => {
    const path = await file(
      "page.HTM",
      `<html lang="es"><head><title>Huelga en el puerto</title>
      <meta property="article:published_time" content="2031-07-14T06:00:00-03:00"></head>
      <body><nav><a href="/">Inicio</a> | <a href="/mundo">Mundo</a></nav>
      <h1>Huelga en el puerto</h1><p>Los estibadores iniciaron una huelga el lunes.</p>
      <script>document.write("publicidad")</script></body></html>`,
    );
    expect(expectArticle(await one([path]))).toEqual({
      id: "page",
      text: "Huelga en el puerto\n\nLos estibadores iniciaron una huelga el lunes.",
      title: "Huelga en el puerto",
      published: "2031-07-14",
      lang: "es",
      origin: path,
    });
  });

  it("reads broken HTML", async () => {
    const path = await file("broken.html", "<body><p>Le pont <b>a cédé<p>Aucune victime<div>");
    expect(expectArticle(await one([path])).text).toBe("Le pont a cédé\n\nAucune victime");
  });

  it("lets options override the page's language and drops an unusable page date", async () => {
    const path = await file(
      "c.html",
      `<html lang="en"><p>Texte <time datetime="mardi">mardi</time>.</p></html>`,
    );
    const warnings: string[] = [];
    const a = expectArticle(await one([path], { lang: "fr", onWarning: (w) => warnings.push(w) }));
    expect(a.lang).toBe("fr");
    expect(a.published).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });

  it("uses the charset the page declares", async () => {
    const html = `<html><head><meta charset="iso-8859-1"></head><body><p>Élection à Noël</p></body></html>`;
    const path = await file("latin.html", Buffer.from(html, "latin1"));
    expect(expectArticle(await one([path])).text).toBe("Élection à Noël");
  });

  it("refuses an HTML page without text", async () => {
    const path = await file(
      "vide.html",
      "<html><head><title>Rien</title></head><body><nav>Menu</nav></body></html>",
    );
    expectFailure(await one([path]), "INPUT_EMPTY", /vide\.html/);
  });
});

describe("readArticles: JSONL", () => {
  const lines = [
    JSON.stringify({
      id: "a1",
      text: "Les forces armées ont pris le contrôle du port.",
      lang: "fr",
      date: "2031-03-01",
    }),
    "",
    JSON.stringify({
      id: "a2",
      text: "Protesters gathered outside parliament.",
      published: "2031-03-02T18:00:00+01:00",
      extra: [1, 2],
    }),
    '{"id": "a3", "text": "ligne cassée',
    JSON.stringify({
      text: "El gobierno anunció nuevas medidas.",
      title: "Medidas",
      url: "https://example.org/m",
      source: "Diario",
    }),
    "   ",
    JSON.stringify({ id: "a5", lang: "en" }),
    JSON.stringify({ id: "a6", text: 42 }),
    JSON.stringify({ id: "a7", text: "Fecha inválida.", date: "2031-02-30" }),
    JSON.stringify({ id: "a8", text: "  \n " }),
    JSON.stringify({ id: 9, text: "Numeric ids are fine.\r\nSecond line." }),
    JSON.stringify(["not", "an", "object"]),
  ];

  it("yields good lines in order and a failure naming file:line for each bad one", async () => {
    const path = await file("batch.jsonl", lines.join("\r\n") + "\n");
    const items = await collect([path], { lang: "es" });
    expect(items.map((i) => (isInputFailure(i) ? `${i.error.code} ${i.origin}` : i.id))).toEqual([
      "a1",
      "a2",
      `INPUT_JSON ${path}:4`,
      "batch.jsonl:5",
      `INPUT_FIELD ${path}:7`,
      `INPUT_FIELD ${path}:8`,
      "a7",
      `INPUT_EMPTY ${path}:10`,
      "9",
      `INPUT_FIELD ${path}:12`,
    ]);
    const [a1, a2, , a4] = items.map((i) => i as ArticleInput);
    expect(a1).toEqual({
      id: "a1",
      text: lines[0] && JSON.parse(lines[0]).text,
      lang: "fr",
      published: "2031-03-01",
      origin: `${path}:1`,
    });
    expect(a2).toMatchObject({ id: "a2", lang: "es", published: "2031-03-02" });
    expect(a2).not.toHaveProperty("extra");
    expect(a4).toMatchObject({
      title: "Medidas",
      url: "https://example.org/m",
      source: "Diario",
      lang: "es",
    });
    expect(expectArticle(items[8]).text).toBe("Numeric ids are fine.\r\nSecond line.".replace("\r\n", "\n"));
    expectFailure(
      items[2],
      "INPUT_JSON",
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:4: not valid JSON`),
    );
    expectFailure(items[4], "INPUT_FIELD", /:7: no "text" field/);
    expect((items[4] as InputFailure).id).toBe("a5");
    expectFailure(items[5], "INPUT_FIELD", /"text" must be a string, not a number/);
    const a7 = items[6] as ArticleInput;
    expect(a7.id).toBe("a7");
    expect(a7.published).toBeUndefined();
  });

  it("accepts .ndjson, a BOM and a last line without newline", async () => {
    const path = await file(
      "b.NDJSON",
      "\uFEFF" + JSON.stringify({ id: "x", text: "Un." }) + "\n" + JSON.stringify({ id: "y", text: "Deux." }),
    );
    expect((await collect([path])).map((i) => expectArticle(i).id)).toEqual(["x", "y"]);
  });

  it("refuses a line with invalid UTF-8 and keeps going", async () => {
    const good = Buffer.from(JSON.stringify({ id: "ok", text: "Bien." }) + "\n");
    const bad = Buffer.concat([
      Buffer.from('{"id":"ko","text":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}\n'),
    ]);
    const path = await file("enc.jsonl", Buffer.concat([bad, good]));
    const items = await collect([path]);
    expectFailure(items[0], "INPUT_ENCODING", /enc\.jsonl:1: invalid UTF-8 at byte 22 of the line/);
    expect(expectArticle(items[1]).id).toBe("ok");
  });

  it("refuses an oversized line without stopping", async () => {
    const big = JSON.stringify({ id: "big", text: "mot ".repeat(1000) });
    const path = await file("big.jsonl", `${big}\n${JSON.stringify({ id: "small", text: "Court." })}\n`);
    const items = await collect([path], { maxArticleBytes: 1000 });
    expectFailure(items[0], "INPUT_TOO_LARGE", /big\.jsonl:1: article is 4,000 bytes; the limit is 1,000/);
    expect(expectArticle(items[1]).id).toBe("small");
  });

  it("refuses a binary file once", async () => {
    const png = Buffer.concat([
      Buffer.from("\x89PNG\r\n\x1a\n", "latin1"),
      Buffer.from("\n\n{}\n\n\x00\x00\n"),
    ]);
    const path = await file("image.jsonl", png);
    expectFailure(await one([path]), "INPUT_BINARY", /PNG/);
  });
});

describe("readArticles: unreadable dates", () => {
  it("keeps the article, drops the date and says so", async () => {
    const path = await file(
      "dates.jsonl",
      JSON.stringify({ id: "d1", text: "Les rebelles ont attaqué la ville.", date: "49 minutes ago" }) + "\n",
    );
    const warnings: string[] = [];
    const items = await collect([path], { onWarning: (m) => warnings.push(m) });
    expect(items).toHaveLength(1);
    expect((items[0] as ArticleInput).published).toBeUndefined();
    expect(warnings.join("\n")).toMatch(/dates\.jsonl:1: ignoring field "date" = "49 minutes ago"/u);
  });
});

describe("readArticles: JSON", () => {
  it("reads an array of articles", async () => {
    const path = await file(
      "arr.json",
      JSON.stringify([
        { id: "j1", text: "Le cessez-le-feu est entré en vigueur." },
        { text: "Sin identificador." },
        { id: "j3", text: 3 },
      ]),
    );
    const items = await collect([path]);
    expect(expectArticle(items[0]).id).toBe("j1");
    expect(expectArticle(items[1])).toMatchObject({ id: "arr.json[1]", origin: `${path}[1]` });
    expectFailure(items[2], "INPUT_FIELD", /\[2\]: field "text" must be a string/);
  });

  it("reads a single object", async () => {
    const path = await file("one.json", JSON.stringify({ text: "A lone article.", published: "2031" }));
    expect(expectArticle(await one([path]))).toMatchObject({ id: "one", published: "2031" });
  });

  it("refuses invalid JSON", async () => {
    const path = await file("bad.json", "[{]");
    expectFailure(await one([path]), "INPUT_JSON", /bad\.json: not valid JSON/);
  });
});

describe("readArticles: stdin", () => {
  it("reads text", async () => {
    const a = expectArticle(
      await one(["-"], { stdin: stdin("Les ", "négociations ont échoué.\r\n"), lang: "fr" }),
    );
    expect(a).toEqual({ id: "stdin", text: "Les négociations ont échoué.\n", lang: "fr", origin: "<stdin>" });
  });

  it("reads JSONL split across chunks", async () => {
    const data = Buffer.from(
      [
        JSON.stringify({ id: "s1", text: "Première dépêche." }),
        "oops",
        JSON.stringify({ id: "s2", text: "Seconde." }),
      ].join("\n"),
    );
    const items = await collect(["-"], {
      stdin: stdin("  \n", data.subarray(0, 15), data.subarray(15, 16), data.subarray(16)),
    });
    expect(expectArticle(items[0])).toMatchObject({
      id: "s1",
      text: "Première dépêche.",
      origin: "<stdin>:2",
    });
    expectFailure(items[1], "INPUT_JSON", /^<stdin>:3: /);
    expect(expectArticle(items[2]).id).toBe("s2");
  });

  it("reads HTML and a JSON array", async () => {
    const html = expectArticle(await one(["-"], { stdin: stdin("\n<p>Un <b>texte</b> court.</p>") }));
    expect(html.text).toBe("Un texte court.");
    const json = await collect(["-"], { stdin: stdin('[{"id":"q","text":"Quatre."}]') });
    expect(expectArticle(json[0]).id).toBe("q");
  });

  it("honours a forced format", async () => {
    const a = expectArticle(await one(["-"], { stdin: stdin("<b>pas du HTML</b>"), format: "txt" }));
    expect(a.text).toBe("<b>pas du HTML</b>");
  });

  it.each([
    ["empty", [], "INPUT_EMPTY"],
    ["binary", [Buffer.from([0x1f, 0x8b, 8, 0, 0, 0])], "INPUT_BINARY"],
    ["too large", ["a".repeat(600), "b".repeat(600)], "INPUT_TOO_LARGE"],
  ])("refuses %s input", async (_name, chunks, code) => {
    const f = expectFailure(await one(["-"], { stdin: stdin(...chunks), maxArticleBytes: 1000 }), code);
    expect(f.origin).toBe("<stdin>");
  });
});

describe("parsePublished", () => {
  it.each([
    ["2031-04-05", "2031-04-05"],
    ["2031-04", "2031-04"],
    ["2031", "2031"],
    ["2031-04-05T23:30:00-05:00", "2031-04-05"],
    ["2031-04-05T23:30Z", "2031-04-05"],
    ["2031-04-05 08:00:00.123", "2031-04-05"],
    ["2032-02-29", "2032-02-29"],
    ["2031-02-29", undefined],
    ["2031-13", undefined],
    ["2031-00-10", undefined],
    ["05/04/2031", undefined],
    ["hier", undefined],
    ["", undefined],
  ])("%s → %s", (input, expected) => {
    expect(parsePublished(input)).toBe(expected);
  });
});

describe("parsePublished", () => {
  it.each([
    ["2019-02-09", "2019-02-09"],
    ["2019-02", "2019-02"],
    ["2019-02-09T23:30:00+01:00", "2019-02-09"],
    ["Sat 9 Feb 2019", "2019-02-09"],
    ["Thu, 14 Feb 2019 10:00:00 GMT", "2019-02-14"],
    ["February 9, 2019", "2019-02-09"],
    ["9 février 2019", "2019-02-09"],
    ["9 de febrero de 2019", "2019-02-09"],
    ["31 Feb 2019", undefined],
    ["2031-02-30", undefined],
    ["tomorrow", undefined],
  ])("%s → %s", (input, expected) => {
    expect(parsePublished(input)).toBe(expected);
  });
});
