import { describe, expect, it } from "vitest";
import type { ErrorCode } from "../errors.js";
import { binaryReason, decodeBytes, scanUtf8 } from "./decode.js";
import { cp1252, FRENCH } from "./test-utils/samples.js";

function codeOf(f: () => unknown): ErrorCode | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: ErrorCode }).code;
  }
  return undefined;
}

describe("binaryReason", () => {
  const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
  it.each([
    ["PDF", Buffer.from("%PDF-1.7\n%âãÏÓ\n"), /PDF/],
    ["ZIP/DOCX", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), /ZIP/],
    ["PNG", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /PNG/],
    ["JPEG", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), /JPEG/],
    ["GIF", Buffer.from("GIF89a\x01\x00"), /GIF/],
    ["gzip", Buffer.from([0x1f, 0x8b, 0x08, 0x00]), /gzip/],
    ["random bytes with NULs", random, /NUL/],
    ["NUL in otherwise plain text", Buffer.from("Les troupes\0 sont parties."), /NUL byte at offset 11/],
    ["many control bytes", Buffer.from("a\x01b\x02c\x03d\x04e\x05f\x06"), /control bytes/],
  ])("flags %s", (_name, buf, reason) => {
    expect(binaryReason(buf)).toMatch(reason);
  });

  it.each([
    ["UTF-8 text", Buffer.from("Le président a parlé.\r\n\tFin.\f")],
    ["windows-1252 text", cp1252(FRENCH)],
    ["UTF-16 with a BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Paix", "utf16le")])],
    ["an ANSI escape now and then", Buffer.from("\x1b[1mAlerte\x1b[0m : la frontière est fermée.")],
    ["nothing", Buffer.alloc(0)],
  ])("lets %s through", (_name, buf) => {
    expect(binaryReason(buf)).toBeUndefined();
  });
});

describe("scanUtf8", () => {
  it.each([
    [[0x61, 0xc3, 0xa9], -1, 0, 1],
    [[0xc3, 0x28], 0, 1, 0],
    [[0x61, 0xc0, 0xaf], 1, 2, 0],
    [[0xed, 0xa0, 0x80], 0, 3, 0],
    [[0xf4, 0x90, 0x80, 0x80], 0, 4, 0],
    [[0xf0, 0x9f, 0x98, 0x80, 0xe9], 4, 1, 1],
  ])("%j", (bytes, firstInvalid, invalid, multibyte) => {
    expect(scanUtf8(Buffer.from(bytes))).toEqual({ firstInvalid, invalid, multibyte });
  });
});

describe("decodeBytes", () => {
  it("decodes UTF-8 and drops its BOM", () => {
    expect(decodeBytes(Buffer.from("\uFEFFAccord signé à Lomé.", "utf8"), "a.txt")).toBe(
      "Accord signé à Lomé.",
    );
  });

  it.each([
    ["utf-16le", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Trêve conclue.", "utf16le")])],
    [
      "utf-16be",
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("Trêve conclue.", "utf16le").swap16()]),
    ],
  ])("decodes %s with a BOM", (_name, buf) => {
    expect(decodeBytes(buf, "a.txt")).toBe("Trêve conclue.");
  });

  it("decodes clearly windows-1252 French text and says so", () => {
    const warnings: string[] = [];
    expect(decodeBytes(cp1252(FRENCH), "ancien.txt", (w) => warnings.push(w))).toBe(FRENCH);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^ancien\.txt: .*windows-1252/);
  });

  it("uses a declared legacy charset", () => {
    const warnings: string[] = [];
    expect(decodeBytes(cp1252("Élection à Noël"), "p.html", (w) => warnings.push(w), "ISO-8859-1")).toBe(
      "Élection à Noël",
    );
    expect(warnings[0]).toMatch(/declares/);
  });

  it("decodes a declared ISO-8859-15, where 0xA4 is the euro sign", () => {
    expect(
      decodeBytes(
        Buffer.from([0x35, 0x20, 0xa4, 0x20, 0xbd, 0x75, 0x76, 0x72, 0x65]),
        "p.html",
        undefined,
        "latin9",
      ),
    ).toBe("5 € œuvre");
  });

  it("refuses invalid UTF-8 when no legacy encoding is likely, naming the file and byte", () => {
    const buf = Buffer.from([0xc3, 0x28]);
    expect(codeOf(() => decodeBytes(buf, "bad.txt"))).toBe("INPUT_ENCODING");
    expect(() => decodeBytes(buf, "bad.txt")).toThrow(/^bad\.txt: invalid UTF-8 at byte 0 \(0xC3 0x28\)/);
  });

  it("refuses damaged UTF-8 rather than turning all of it into mojibake", () => {
    const buf = Buffer.concat([
      Buffer.from("Le député a été élu à Liège. "),
      Buffer.from([0xe9]),
      Buffer.from(" Fin."),
    ]);
    expect(() => decodeBytes(buf, "mixte.txt")).toThrow(/invalid UTF-8 at byte 36/);
  });

  it("refuses binary data", () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]);
    expect(codeOf(() => decodeBytes(png, "image.txt"))).toBe("INPUT_BINARY");
    expect(() => decodeBytes(png, "image.txt")).toThrow(
      /^image\.txt: looks like binary data \(PNG signature\)/,
    );
  });
});
