/**
 * Stable error codes. The CLI maps them to exit codes and the server to HTTP statuses in one place
 * each (src/cli/exit.ts, src/server/errors.ts); never match on messages.
 */
export const ERROR_CODES = [
  "USAGE",
  "INPUT_NOT_FOUND",
  "INPUT_UNREADABLE",
  "INPUT_BINARY",
  "INPUT_ENCODING",
  "INPUT_EMPTY",
  "INPUT_TOO_LARGE",
  "INPUT_JSON",
  "INPUT_HTML",
  "INPUT_FEED",
  "INPUT_FIELD",
  "LANG_UNSUPPORTED",
  "LANG_UNKNOWN",
  "PIPELINE_ORDER",
  "PIPELINE_STAGE",
  "LOCALE_DATA",
  "KB_DATA",
  "GAZETTEER_DATA",
  "MODEL_MISSING",
  "MODEL_FORMAT",
  "GOLD_FORMAT",
  "STORE_URL",
  "STORE",
  "QUEUE",
  "NOT_FOUND",
  "UNAUTHORIZED",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class VigieError extends Error {
  readonly code: ErrorCode;
  /** The input (file, article id, line) the error is about, when there is one. */
  readonly input: string | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; input?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = "VigieError";
    this.code = code;
    this.input = options.input;
  }
}

export function isVigieError(e: unknown): e is VigieError {
  return e instanceof VigieError;
}

/** Wraps anything thrown into a VigieError, keeping the original as `cause`. */
export function toVigieError(e: unknown, code: ErrorCode = "INTERNAL", input?: string): VigieError {
  if (e instanceof VigieError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new VigieError(code, message, { cause: e, input });
}
