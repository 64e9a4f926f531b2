export * from "./doc/index.js";
export * from "./errors.js";
export * from "./pipeline/stage.js";
