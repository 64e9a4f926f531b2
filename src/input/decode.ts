import chardet from "chardet";
import { VigieError } from "../errors.js";

const SNIFF_BYTES = 8192;

const MAGIC: readonly (readonly [string, readonly number[]])[] = [
  ["PDF", [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ["ZIP, DOCX or ODT", [0x50, 0x4b, 0x03, 0x04]],
  ["ZIP", [0x50, 0x4b, 0x05, 0x06]],
  ["PNG", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["JPEG", [0xff, 0xd8, 0xff]],
  ["GIF", [0x47, 0x49, 0x46, 0x38]],
  ["gzip", [0x1f, 0x8b]],
  ["bzip2", [0x42, 0x5a, 0x68]],
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ["7-Zip", [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ["legacy Word or Excel", [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
];

const startsWith = (buf: Uint8Array, magic: readonly number[]) =>
  buf.length >= magic.length && magic.every((b, i) => buf[i] === b);

/** Which UTF-16 a leading byte order mark announces, if any. */
export function utf16Bom(buf: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  if (buf[0] === 0xff && buf[1] === 0xfe) return "utf-16le";
  if (buf[0] === 0xfe && buf[1] === 0xff) return "utf-16be";
  return undefined;
}

/**
 * Why the bytes look like binary data rather than text, judging from their first 8 KB, or
 * undefined when they may be text. UTF-16 with a BOM is text even though it is full of NULs.
 */
export function binaryReason(buf: Uint8Array): string | undefined {
  for (const [name, magic] of MAGIC) if (startsWith(buf, magic)) return `${name} signature`;
  if (utf16Bom(buf) !== undefined) return undefined;
  const head = buf.subarray(0, SNIFF_BYTES);
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b === 0) return `NUL byte at offset ${i}`;
    // Tab, LF, VT, FF, CR and ESC turn up in real text files; other C0 bytes and DEL do not.
    if ((b < 0x20 && (b < 0x09 || b > 0x0d) && b !== 0x1b) || b === 0x7f) controls++;
  }
  if (head.length > 0 && controls * 10 > head.length) {
    return `${Math.round((controls * 100) / head.length)}% control bytes`;
  }
  return undefined;
}

export interface Utf8Scan {
  /** Offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
  firstInvalid: number;
  invalid: number;
  /** Valid sequences of two or more bytes: evidence that the data really is UTF-8. */
  multibyte: number;
}

/** Counts valid and invalid UTF-8 sequences (rejecting overlongs, surrogates and > U+10FFFF). */
export function scanUtf8(buf: Uint8Array): Utf8Scan {
  let firstInvalid = -1;
  let invalid = 0;
  let multibyte = 0;
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let len = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    }
    let ok = len > 0 && i + len <= n;
    for (let k = 1; ok && k < len; k++) {
      const c = buf[i + k]!;
      ok = k === 1 ? c >= lo && c <= hi : c >= 0x80 && c <= 0xbf;
    }
    if (ok) {
      multibyte++;
      i += len;
    } else {
      if (firstInvalid < 0) firstInvalid = i;
      invalid++;
      i++;
    }
  }
  return { firstInvalid, invalid, multibyte };
}

/**
 * windows-1252's 0x80-0x9F (undefined slots stay C1 controls, as WHATWG specifies). Decoded by hand
 * because Node 20's TextDecoder treats "windows-1252" as ISO-8859-1 and loses curly quotes.
 */
const CP1252_C1 =
  "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
  "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

/** Where ISO-8859-15 differs from ISO-8859-1. */
const LATIN9: Readonly<Record<string, string>> = {
  "\u00A4": "\u20AC",
  "\u00A6": "\u0160",
  "\u00A8": "\u0161",
  "\u00B4": "\u017D",
  "\u00B8": "\u017E",
  "\u00BC": "\u0152",
  "\u00BD": "\u0153",
  "\u00BE": "\u0178",
};

function decodeLegacy(buf: Buffer, label: LegacyLabel): string {
  const latin1 = buf.toString("latin1");
  if (label === "iso-8859-15")
    return latin1.replace(/[\u00A4\u00A6\u00A8\u00B4\u00B8\u00BC-\u00BE]/g, (c) => LATIN9[c] ?? c);
  return latin1.replace(/[\u0080-\u009F]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

type LegacyLabel = "windows-1252" | "iso-8859-15";

/** chardet's names for the legacy encodings we are willing to guess, mapped to WHATWG labels. */
const LEGACY: Readonly<Record<string, LegacyLabel>> = {
  "ISO-8859-1": "windows-1252",
  "windows-1252": "windows-1252",
  "ISO-8859-15": "iso-8859-15",
};

/** Below this chardet confidence (0-100) a guess is as likely to garble the text as to fix it. */
const MIN_CONFIDENCE = 50;
const CHARDET_SAMPLE = 256 * 1024;

function hexBytes(buf: Uint8Array, at: number): string {
  return Array.from(
    buf.subarray(at, at + 4),
    (b) => `0x${b.toString(16).toUpperCase().padStart(2, "0")}`,
  ).join(" ");
}

function legacyLabel(declared: string | undefined): LegacyLabel | undefined {
  if (declared === undefined) return undefined;
  const d = declared.trim().toLowerCase();
  if (["iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii"].includes(d))
    return "windows-1252";
  if (["iso-8859-15", "latin9", "latin-9"].includes(d)) return "iso-8859-15";
  return undefined;
}

/**
 * Decodes an input file's bytes to a string. UTF-8 is the norm and is decoded strictly; UTF-16
 * with a BOM is honoured; for anything else that is not valid UTF-8 a Western legacy encoding is
 * used only when the page declares it (`declaredCharset`, e.g. from <meta charset>) or chardet is
 * confident, and `onWarning` says so. Binary data and undecodable bytes throw.
 */
export function decodeBytes(
  buf: Buffer,
  source: string,
  onWarning?: (msg: string) => void,
  declaredCharset?: string,
): string {
  const binary = binaryReason(buf);
  if (binary !== undefined) {
    throw new VigieError("INPUT_BINARY", `${source}: looks like binary data (${binary}), not text`, {
      input: source,
    });
  }
  const bom = utf16Bom(buf);
  if (bom !== undefined) {
    try {
      return new TextDecoder(bom, { fatal: true }).decode(buf);
    } catch (e) {
      throw new VigieError(
        "INPUT_ENCODING",
        `${source}: starts with a ${bom} byte order mark but is not valid ${bom}`,
        {
          cause: e,
          input: source,
        },
      );
    }
  }
  const scan = scanUtf8(buf);
  if (scan.firstInvalid < 0) return new TextDecoder("utf-8", { fatal: true }).decode(buf);

  const at = scan.firstInvalid;
  const where = `invalid UTF-8 at byte ${at} (${hexBytes(buf, at)})`;
  // Valid multi-byte sequences outnumbering the bad ones means damaged UTF-8, which a legacy
  // decoding would turn into mojibake everywhere else.
  if (scan.multibyte < scan.invalid) {
    const declared = legacyLabel(declaredCharset);
    if (declared !== undefined) {
      onWarning?.(`${source}: not UTF-8; decoded as ${declared} as the document declares`);
      return decodeLegacy(buf, declared);
    }
    const best = chardet.analyse(buf.subarray(0, CHARDET_SAMPLE))[0];
    const label = best === undefined ? undefined : LEGACY[best.name];
    if (best !== undefined && label !== undefined && best.confidence >= MIN_CONFIDENCE) {
      onWarning?.(
        `${source}: ${where}; decoded as ${label} (detected ${best.name}, confidence ${best.confidence}%)`,
      );
      return decodeLegacy(buf, label);
    }
  }
  throw new VigieError(
    "INPUT_ENCODING",
    `${source}: ${where}; the encoding could not be determined, convert the file to UTF-8 (e.g. iconv -f windows-1252 -t utf-8)`,
    { input: source },
  );
}
