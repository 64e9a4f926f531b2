import type { ErrorCode } from "../errors.js";

export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2 } as const;

/** The one place where error codes become exit codes: 2 for misuse, 1 for everything else. */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case "USAGE":
    case "INPUT_NOT_FOUND":
    case "STORE_URL":
      return EXIT.USAGE;
    default:
      return EXIT.FAILURE;
  }
}
