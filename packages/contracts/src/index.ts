export { readGatePolicy, type GatePolicy, type GeneratedFileMetadata } from "./gate-policy";
