export { BlindIndex } from "./blind-index";
export { piiEnvironment } from "./config";
export { FieldCipher } from "./field-cipher";
export { lastFour, normaliseEmail, normalisePhone } from "./normalise";
