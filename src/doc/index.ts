export * from "./document.js";
export * from "./tokens.js";
export * from "./types.js";
