import { describe, expect, it } from "vitest";
import { ResponseCache } from "./cache.js";

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("ResponseCache", () => {
  it("reuses an answer within its lifetime and recomputes after it", async () => {
    const c = clock();
    const cache = new ResponseCache(1000, 10, c.now);
    let calls = 0;
    const compute = async () => ({ n: ++calls });
    expect(await cache.get("a", compute)).toBe('{"n":1}');
    c.advance(999);
    expect(await cache.get("a", compute)).toBe('{"n":1}');
    c.advance(1);
    expect(await cache.get("a", compute)).toBe('{"n":2}');
    expect(await cache.get("b", compute)).toBe('{"n":3}');
  });

  it("shares one computation among concurrent identical requests", async () => {
    const cache = new ResponseCache(1000);
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const compute = async () => {
      calls++;
      await gate;
      return calls;
    };
    const all = Promise.all([cache.get("k", compute), cache.get("k", compute), cache.get("k", compute)]);
    release();
    expect(await all).toEqual(["1", "1", "1"]);
    expect(calls).toBe(1);
  });

  it("does not keep failures", async () => {
    const cache = new ResponseCache(1000);
    await expect(cache.get("k", () => Promise.reject(new Error("store down")))).rejects.toThrow("store down");
    expect(await cache.get("k", async () => "up")).toBe('"up"');
  });

  it("is off with a lifetime of 0, and clear() forgets everything", async () => {
    let calls = 0;
    const off = new ResponseCache(0);
    await off.get("k", async () => ++calls);
    await off.get("k", async () => ++calls);
    expect(calls).toBe(2);
    const on = new ResponseCache(1000);
    await on.get("k", async () => ++calls);
    on.clear();
    expect(await on.get("k", async () => ++calls)).toBe("4");
  });

  it("never holds more than its maximum", async () => {
    const cache = new ResponseCache(60_000, 3);
    for (const k of ["a", "b", "c", "d", "e"]) await cache.get(k, async () => k);
    expect(cache.size).toBe(3);
  });
});
