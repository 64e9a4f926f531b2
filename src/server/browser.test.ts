import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./test-utils/server.js";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = join(import.meta.dirname, "..", "..");
const PAGE = join(ROOT, "dist", "web", "index.html");
const SHOTS = process.env.VIGIE_SCREENSHOTS ? join(ROOT, "docs", "screenshots") : undefined;
const missing = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is absent (apt-get install chromium)`
  : !existsSync(PAGE)
    ? `${PAGE} is absent (npm run build)`
    : "";
if (missing) console.warn(`browser tests skipped: ${missing}`);

describe.skipIf(missing !== "")("web page in Chromium", () => {
  let srv: TestServer;
  let profile: string;
  let ctx: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const remote: string[] = [];

  beforeAll(async () => {
    srv = await startTestServer();
    profile = mkdtempSync(join(tmpdir(), "vigie-chromium-"));
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    });
    page = ctx.pages()[0] ?? (await ctx.newPage());
    const origin = new URL(srv.url).origin;
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("request", (r) => {
      const u = r.url();
      if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) remote.push(u);
    });
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await ctx?.close();
    await srv?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const shot = async (name: string) => {
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  };
  const view = async (name: string) => {
    await page.evaluate(`location.hash = ${JSON.stringify(name)}`);
    await page.waitForSelector(`body[data-ready="${name}"]`);
  };

  it("opens on the reader with entities and events highlighted; clicking an entity shows the actor", async () => {
    await page.goto(srv.url);
    await page.waitForSelector("#article-list button[data-article]");
    await page.click('#article-list button[data-article="example-en-sanctions"]');
    await page.waitForSelector('#reader-pane .text[data-article="example-en-sanctions"] .ent');
    expect(await page.locator("#reader-pane .text .ent").count()).toBeGreaterThan(3);
    expect(await page.locator("#reader-pane .text .evidence").count()).toBeGreaterThan(0);
    expect(await page.locator("#reader-pane .events li .badge.modality").count()).toBeGreaterThan(0);
    const ent = page.locator("#reader-pane .text .ent-ORG").first();
    const name = await ent.getAttribute("title");
    await ent.click();
    await page.waitForSelector("#actor-card:not([hidden]) h3");
    expect(name).toContain(await page.locator("#actor-card h3").innerText());
    await page.waitForSelector("#actor-card >> text=/articles, \\d+ events/");
    await shot("reader");
    await page.click("#actor-card .close");
  });

  it("analyses a pasted article live", async () => {
    await view("analyze");
    await page.fill(
      "#analyze-text",
      "Le gouvernement du Mali a accusé mardi la France de soutenir les rebelles. " +
        "Le président sénégalais a rencontré jeudi à Dakar le ministre allemand des Affaires étrangères.",
    );
    await page.selectOption("#analyze-lang", "fr");
    await page.fill("#analyze-published", "2024-03-12");
    await page.click("#analyze-run");
    await page.waitForSelector("#analyze-pane .text .ent");
    expect(await page.locator("#analyze-pane .events li").count()).toBeGreaterThan(0);
    await page.locator("#analyze-pane .text .ent").first().click();
    await page.waitForSelector("#actor-card:not([hidden]) h3");
    await shot("analyze");
    await page.click("#actor-card .close");
  });

  it("draws the actor network with a time slider", async () => {
    await view("graph");
    await page.waitForSelector("#graph-canvas canvas");
    const max = Number(await page.locator("#graph-to").getAttribute("max"));
    expect(max).toBeGreaterThan(0);
    await shot("graph");
    await page.locator("#graph-from").fill(String(max));
    await page.locator("#graph-from").dispatchEvent("change");
    // Polled from the test, not with page.waitForFunction: polling a string predicate evaluates it
    // in the page, which the page's own Content-Security-Policy (no 'unsafe-eval') refuses.
    await expect.poll(() => page.locator("#graph-window").textContent()).toContain("→");
    expect(await page.locator("#selection-label").innerText()).toMatch(/network: \d+ actors/);
  });

  it("lists events on the timeline and filters them", async () => {
    await view("timeline");
    const all = await page.locator("#timeline-table tbody tr").count();
    expect(all).toBeGreaterThan(5);
    await shot("timeline");
    await page.selectOption('#event-filters select[name="type"]', "ASSAULT");
    await page.click('#event-filters button[type="submit"]');
    await expect.poll(() => page.locator("#timeline-table tbody tr").count()).toBeLessThan(all);
    const types = await page.locator("#timeline-table tbody .badge.type").allInnerTexts();
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(["ASSAULT"]));
  });

  it("maps geocoded events over bundled country shapes", async () => {
    await page.selectOption('#event-filters select[name="type"]', "");
    await page.click('#event-filters button[type="submit"]');
    await expect.poll(() => page.locator("#timeline-table tbody tr").count()).toBeGreaterThan(5);
    await view("map");
    await page.waitForSelector("#map-canvas .leaflet-overlay-pane path");
    expect(await page.locator("#map-canvas .leaflet-overlay-pane path").count()).toBeGreaterThan(100);
    await page.waitForSelector("#map-canvas path.event-marker");
    await shot("map");
  });

  it("opens an event's article from the timeline", async () => {
    await view("timeline");
    const row = page.locator("#timeline-table tbody tr[data-article]").first();
    const id = await row.getAttribute("data-article");
    await row.click();
    await page.waitForSelector(`#reader-pane .text[data-article="${id}"]`);
    expect(await page.evaluate("location.hash")).toBe("#reader");
  });

  it("exports the current selection", async () => {
    await view("timeline");
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click('button[data-export="csv"]')]);
    const path = await dl.path();
    const { readFileSync } = await import("node:fs");
    const csv = readFileSync(path, "utf8");
    expect(csv.split("\r\n")[0]).toMatch(/^id,date,type,/);
    expect(csv.split("\r\n").length).toBeGreaterThan(3);
    const [gexf] = await Promise.all([
      page.waitForEvent("download"),
      page.click('button[data-export="gexf"]'),
    ]);
    expect(readFileSync(await gexf.path(), "utf8")).toContain("<gexf");
  });

  it("keeps hostile article text inert, stored or pasted", async () => {
    await view("reader");
    for (const id of ["xss-script", "xss-svg"]) {
      await page.click(`#article-list button[data-article="${id}"]`);
      await page.waitForSelector(`#reader-pane .text[data-article="${id}"]`);
      expect(await page.locator("#reader-pane .text").innerText()).toMatch(/<script>|<svg onload/);
      expect(
        await page.locator("#reader-pane img, #reader-pane svg, #reader-pane script, #reader-pane b").count(),
      ).toBe(0);
    }
    await view("analyze");
    await page.fill(
      "#analyze-text",
      'Le conseil a protesté. <img src=x onerror="window.__xss=9"><script>window.__xss=8</script>',
    );
    await page.click("#analyze-run");
    await page.waitForSelector("#analyze-pane .text");
    expect(await page.locator("#analyze-pane img, #analyze-pane script").count()).toBe(0);
    expect(await page.evaluate("typeof window.__xss")).toBe("undefined");
    expect(problems).toEqual([]);
    expect(remote).toEqual([]);
  });
});
