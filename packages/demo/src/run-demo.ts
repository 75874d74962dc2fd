import { type JWK } from "jose";
import { SandboxBankStaff } from "./actors/sandbox-bank";
import { type DemoAddresses, PlatformClients } from "./clients";
import { type DemoResult, type ScenarioResult } from "./result";
import { type Scenario } from "./scenario";
import { type DemoReporter, ScenarioRun } from "./scenario-run";
import { SCENARIOS } from "./scenarios";

export interface DemoOptions {
  addresses: DemoAddresses;
  /** The operator tools' private key: reads the development outboxes and the event logs. */
  operatorKey: JWK;
  /** The sandbox bank's staff token: opens the victims' and the user's bank accounts. */
  sandboxAdminToken: string;
  /** Scenario ids to play (default: all). */
  only?: readonly string[];
}

export const SILENT_REPORTER: DemoReporter = { scenarioStarted: () => undefined, step: () => undefined, scenarioFinished: () => undefined };

/**
 * Plays the honest journey and every attack against a running platform. Passes only if the
 * honest journey completed, no attack moved money, and no layer an attack expects did not hold.
 */
export async function runDemo(options: DemoOptions, reporter: DemoReporter = SILENT_REPORTER): Promise<DemoResult> {
  const started = Date.now();
  const unknown = (options.only ?? []).filter((id) => !SCENARIOS.some((scenario) => scenario.id === id));
  if (unknown.length > 0) throw new Error(`unknown scenario: ${unknown.join(", ")} (known: ${SCENARIOS.map((scenario) => scenario.id).join(", ")})`);
  const chosen = SCENARIOS.filter((scenario) => !options.only?.length || options.only.includes(scenario.id));
  const clients = await PlatformClients.connect(options.addresses, options.operatorKey);
  const bank = new SandboxBankStaff(clients, options.sandboxAdminToken);
  const scenarios: ScenarioResult[] = [];
  try {
    for (const scenario of chosen) scenarios.push(await play(scenario, clients, bank, reporter));
  } finally {
    clients.close();
  }
  const honest = scenarios.find((scenario) => scenario.kind === "honest");
  return {
    passed: scenarios.every((scenario) => scenario.passed),
    scenarios,
    honestUserActions: honest?.passed ? honest.userActions?.count : undefined,
    honestElapsedMs: honest?.passed ? honest.userActions?.elapsedMs : undefined,
    elapsedMs: Date.now() - started,
  };
}

async function play(scenario: Scenario, clients: PlatformClients, bank: SandboxBankStaff, reporter: DemoReporter): Promise<ScenarioResult> {
  reporter.scenarioStarted(scenario);
  const started = Date.now();
  const run = new ScenarioRun(scenario.id, reporter);
  const problems: string[] = [];
  let outcome;
  try {
    outcome = await scenario.play({ clients, bank, run });
    problems.push(...outcome.problems);
  } catch (error) {
    problems.push(`could not finish: ${error instanceof Error ? error.message : String(error)}`);
  }
  const layers = run.verdictsFor(scenario.expectedLayers, outcome !== undefined);
  for (const layer of layers) if (layer.status === "did not hold") problems.push(`layer did not hold: ${layer.name}`);
  // An attack that no expected layer stopped was stopped by something else (or not at all).
  if (scenario.kind === "attack" && outcome && !layers.some((layer) => layer.status === "held")) problems.push("no expected layer was seen to hold");
  const money = outcome?.money;
  if (scenario.kind === "attack" && money && (money.moved > 0 || money.attackerWalletAfter > 0)) {
    problems.push(`money moved: ${money.moved.toLocaleString("en")} yen left the victims' bank accounts`);
  }
  if (scenario.kind === "attack" && outcome && !money) problems.push("the money check did not run");
  const result: ScenarioResult = {
    id: scenario.id,
    title: scenario.title,
    kind: scenario.kind,
    passed: problems.length === 0,
    problems,
    steps: run.steps,
    layers,
    money,
    userActions: outcome?.userActions,
    elapsedMs: Date.now() - started,
  };
  reporter.scenarioFinished(result);
  return result;
}
