import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { examplesPath } from "../../cli/demo.js";
import { isInputFailure, readArticles } from "../../input/read.js";
import type { GoldArticle } from "../../output/gold.js";
import { openStore } from "../../store/index.js";
import type { EventStore } from "../../store/types.js";
import { analyzeToGold } from "../analyze.js";
import { startServer, type RunningServer } from "../index.js";

export const TOKEN = "test-token-1234";

/** Invented articles whose text tries to run script in the page; the page must show them as text. */
export const XSS_ARTICLES = [
  {
    id: "xss-script",
    lang: "fr",
    published: "2024-05-02",
    title: 'Valmonde <img src=x onerror="window.__xss=3">',
    text:
      "Le gouvernement de Valmonde a condamné lundi les frappes. <script>window.__xss = 1</script> " +
      'Une source a ajouté <img src=x onerror="window.__xss = 2"> sans preuve.',
  },
  {
    id: "xss-svg",
    lang: "en",
    published: "2024-05-03",
    title: "<svg onload=window.__xss=4>",
    text: 'The Orlan council accused the Brisk militia on Monday. <svg onload="window.__xss=5"></svg><b>bold</b>',
  },
];

/** A hand-made annotated article with a geocoded place, so the map has something to draw. */
export const GEO_ARTICLE: GoldArticle = {
  id: "geo-terravia",
  lang: "en",
  published: "2024-06-10",
  title: "Drones strike Port Ilmar",
  text: "The Terravian army struck Port Ilmar on Sunday.",
  entities: [
    {
      id: "terravian-army",
      name: "Terravian army",
      type: "ORG",
      mentions: ["Terravian army"],
      spans: [[4, 18]],
    },
    {
      id: "port-ilmar",
      name: "Port Ilmar",
      type: "LOC",
      mentions: ["Port Ilmar"],
      spans: [[26, 36]],
      geo: { lat: 12.5, lon: 43.1 },
    },
  ],
  events: [
    {
      type: "ASSAULT",
      source: ["terravian-army"],
      target: [],
      location: "Port Ilmar",
      date: "2024-06-09",
      date_precision: "day",
      modality: "asserted",
      reported_by: [],
      evidence: "Terravian army struck Port Ilmar",
      evidence_span: [4, 36],
    },
  ],
  relations: [],
};

export interface TestServer {
  url: string;
  store: EventStore;
  server: RunningServer;
  close(): Promise<void>;
}

/** A real server on a free loopback port over a temporary SQLite store holding the examples. */
export async function startTestServer(
  opts: { token?: string; maxBodyBytes?: number; cacheMs?: number } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "vigie-server-"));
  const store = await openStore(join(dir, "test.db"));
  for await (const item of readArticles([examplesPath()])) {
    if (isInputFailure(item)) throw item.error;
    const { gold, diagnostics } = analyzeToGold(item);
    await store.putArticle(gold, { diagnostics });
  }
  for (const a of XSS_ARTICLES) await store.putArticle(analyzeToGold(a).gold);
  await store.putArticle(GEO_ARTICLE);
  const server = await startServer({
    store,
    version: "test",
    token: "token" in opts ? opts.token : TOKEN,
    webRoot: join(import.meta.dirname, "..", "..", "..", "dist", "web"),
    port: 0,
    cacheMs: opts.cacheMs ?? 0,
    ...(opts.maxBodyBytes ? { maxBodyBytes: opts.maxBodyBytes } : {}),
  });
  return {
    url: server.url,
    store,
    server,
    close: async () => {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
