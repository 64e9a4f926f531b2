import type { ErrorCode } from "../errors.js";

/** The one place where error codes become HTTP statuses (the CLI's counterpart is src/cli/exit.ts). */
export function httpStatusFor(code: ErrorCode): 400 | 401 | 404 | 413 | 422 | 500 | 503 {
  switch (code) {
    case "USAGE":
    case "INPUT_BINARY":
    case "INPUT_ENCODING":
    case "INPUT_EMPTY":
    case "INPUT_JSON":
    case "INPUT_HTML":
    case "INPUT_FIELD":
    case "INPUT_UNREADABLE":
      return 400;
    case "UNAUTHORIZED":
      return 401;
    case "NOT_FOUND":
    case "INPUT_NOT_FOUND":
      return 404;
    case "INPUT_TOO_LARGE":
      return 413;
    case "LANG_UNSUPPORTED":
    case "LANG_UNKNOWN":
      return 422;
    case "STORE":
    case "QUEUE":
      return 503;
    default:
      return 500;
  }
}
