import { type LayerId, LAYERS, type LayerStatus } from "../layers";
import { type DemoResult, type ScenarioResult, type StepRecord } from "../result";
import { type DemoReporter } from "../scenario-run";

const yen = (amount: number) => `${amount.toLocaleString("en")} yen`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const STATUS_LABEL: Record<LayerStatus, string> = { held: "HELD", "did not hold": "DID NOT HOLD", "not reached": "not reached" };

/** Prints each step as it happens, each scenario's verdicts, and the final summary. */
export class TextReporter implements DemoReporter {
  constructor(private readonly write: (text: string) => void) {}

  scenarioStarted(scenario: { title: string; expectedLayers: readonly LayerId[] }): void {
    const expects = scenario.expectedLayers.length > 0 ? `\n   expects to hold: ${scenario.expectedLayers.map((id) => LAYERS[id]).join("; ")}` : "";
    this.write(`\n== ${scenario.title}${expects}\n`);
  }

  step(_scenarioId: string, step: StepRecord): void {
    const decision = [step.decision, step.reason].filter(Boolean).join(" ");
    const detail = step.detail ? ` (${step.detail})` : "";
    this.write(`   ${step.actor.padEnd(10)} ${step.action.padEnd(66)} -> ${decision}${detail}  [trace ${step.traceId}]\n`);
  }

  scenarioFinished(result: ScenarioResult): void {
    for (const layer of result.layers) this.write(`   layer ${STATUS_LABEL[layer.status].padEnd(12)} ${layer.name}: ${layer.evidence}\n`);
    if (result.money) this.write(`   money: ${result.money.moved > 0 ? `${yen(result.money.moved)} MOVED from the victims` : "nothing moved"} (victims ${yen(result.money.victimBankBefore)} -> ${yen(result.money.victimBankAfter)}, attacker's wallet ${yen(result.money.attackerWalletAfter)})\n`);
    if (result.userActions) this.write(`   user actions: ${result.userActions.count} in ${seconds(result.userActions.elapsedMs)} (${result.userActions.actions.join("; ")})\n`);
    this.write(`   => ${result.passed ? "PASS" : `FAIL: ${result.problems.join("; ")}`}\n`);
  }

  summary(result: DemoResult): void {
    this.write("\nSummary\n");
    this.write(`   ${"scenario".padEnd(56)} ${"result".padEnd(7)} ${"money moved".padEnd(14)} notes\n`);
    for (const scenario of result.scenarios) {
      const moved = scenario.money ? yen(scenario.money.moved) : "-";
      const notes = scenario.userActions ? `${scenario.userActions.count} user actions, ${seconds(scenario.userActions.elapsedMs)}` : scenario.problems.join("; ");
      this.write(`   ${scenario.title.padEnd(56)} ${(scenario.passed ? "PASS" : "FAIL").padEnd(7)} ${moved.padEnd(14)} ${notes}\n`);
    }
    this.write("\nLayers (across the attacks)\n");
    for (const id of Object.keys(LAYERS) as LayerId[]) {
      const by = (status: LayerStatus) => result.scenarios.filter((scenario) => scenario.layers.some((layer) => layer.id === id && layer.status === status)).map((scenario) => shortName(scenario));
      const [held, broken, unreached] = [by("held"), by("did not hold"), by("not reached")];
      if (held.length + broken.length + unreached.length === 0) continue;
      const overall: LayerStatus = broken.length > 0 ? "did not hold" : held.length > 0 ? "held" : "not reached";
      const where = [broken.length ? `did not hold in ${broken.join(", ")}` : "", held.length ? `held in ${held.join(", ")}` : "", unreached.length ? `not reached in ${unreached.join(", ")}` : ""].filter(Boolean).join("; ");
      this.write(`   ${STATUS_LABEL[overall].padEnd(12)} ${LAYERS[id].padEnd(56)} ${where}\n`);
    }
    const honestScenario = result.scenarios.find((scenario) => scenario.kind === "honest");
    const honest = !honestScenario ? "honest journey not played"
      : !honestScenario.passed ? "honest journey FAILED"
        : `honest journey: ${result.honestUserActions} user actions from sign-up to first payment, ${seconds(result.honestElapsedMs ?? 0)}`;
    this.write(`\n${result.passed ? "DEMO PASSED" : "DEMO FAILED"}: ${honest}; total ${seconds(result.elapsedMs)}\n`);
  }
}

function shortName(scenario: ScenarioResult): string {
  return scenario.title.split(":")[0] ?? scenario.id;
}
