export { DEFAULT_ADDRESSES, type DemoAddresses } from "./clients";
export { demoCommand } from "./command";
export { LAYERS, type LayerId, type LayerStatus, type LayerVerdict } from "./layers";
export { TextReporter } from "./report/text-reporter";
export type { DemoResult, MoneyCheck, ScenarioResult, StepRecord, UserActions } from "./result";
export { type DemoOptions, runDemo, SILENT_REPORTER } from "./run-demo";
export { type DemoReporter } from "./scenario-run";
export { readSecretsFile, type DemoCredentials } from "./secrets-file";
