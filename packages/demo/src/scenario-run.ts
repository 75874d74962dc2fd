import { status } from "@grpc/grpc-js";
import { RemoteError } from "@wallet/service-kit";
import { LAYERS, type LayerId, type LayerStatus, type LayerVerdict } from "./layers";
import { type ScenarioResult, type StepRecord } from "./result";
import { StepTrace } from "./trace";

/** Receives the demo's progress as it happens (the text printer, or nothing for --json). */
export interface DemoReporter {
  scenarioStarted(scenario: { id: string; title: string; expectedLayers: readonly LayerId[] }): void;
  step(scenarioId: string, step: StepRecord): void;
  scenarioFinished(result: ScenarioResult): void;
}

/** The outcome of one step: the platform's answer, or its refusal. */
export type Attempt<T> = { ok: true; value: T; traceId: string } | { ok: false; error: RemoteError; traceId: string };

export interface Judgement {
  decision: string;
  reason?: string;
  detail?: string;
}

/** A step the honest path needed was refused: the scenario cannot go on. */
export class StepRefused extends Error {
  constructor(action: string, error: RemoteError) {
    super(`${action}: refused ${error.reason || status[error.code]}`);
    this.name = "StepRefused";
  }
}

/** Codes that say the platform could not answer, not that it decided: they end the scenario. */
const NOT_A_DECISION = new Set([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.INTERNAL, status.UNKNOWN, status.UNIMPLEMENTED, status.DATA_LOSS]);

/** The platform did not answer a step (unreachable, timed out, broken): no verdict is possible. */
export class NoDecision extends Error {
  constructor(action: string, error: RemoteError) {
    super(`${action}: no decision (${status[error.code] ?? error.code}${error.reason ? ` ${error.reason}` : ""})`);
    this.name = "NoDecision";
  }
}

const STRENGTH: Record<LayerStatus, number> = { "not reached": 0, held: 1, "did not hold": 2 };

/** Records one scenario's steps and layer verdicts, and reports each step as it happens. */
export class ScenarioRun {
  readonly steps: StepRecord[] = [];
  private readonly verdicts = new Map<LayerId, LayerVerdict>();

  constructor(readonly scenarioId: string, private readonly reporter: DemoReporter) {}

  /**
   * Runs one step under a fresh trace. A refusal by the platform is an outcome to record, not an
   * error; anything else (the platform unreachable, a bug) ends the scenario.
   */
  async attempt<T>(actor: string, action: string, call: (trace: StepTrace) => Promise<T>, judge: (value: T) => Judgement = () => ({ decision: "ALLOWED" })): Promise<Attempt<T>> {
    const trace = new StepTrace();
    try {
      const value = await call(trace);
      const judged = judge(value);
      this.record({ actor, action, decision: judged.decision, reason: judged.reason ?? "", detail: judged.detail ?? "", traceId: trace.traceId });
      return { ok: true, value, traceId: trace.traceId };
    } catch (error) {
      if (!(error instanceof RemoteError)) throw error;
      const facts = Object.entries(error.facts).filter(([name]) => name !== "challenge_id").map(([name, value]) => `${name}=${value}`);
      const answered = !NOT_A_DECISION.has(error.code);
      this.record({ actor, action, decision: `${answered ? "REFUSED" : "NO ANSWER"} ${status[error.code] ?? error.code}`, reason: error.reason, detail: facts.join(" "), traceId: trace.traceId });
      if (!answered) throw new NoDecision(action, error);
      return { ok: false, error, traceId: trace.traceId };
    }
  }

  /** Like attempt, for steps the scenario cannot do without. */
  async must<T>(actor: string, action: string, call: (trace: StepTrace) => Promise<T>, judge?: (value: T) => Judgement): Promise<T> {
    const outcome = await this.attempt(actor, action, call, judge);
    if (!outcome.ok) throw new StepRefused(action, outcome.error);
    return outcome.value;
  }

  /** Records what the demo saw (an outbox, a balance, an event), read under its own trace. */
  async observe<T>(action: string, read: (trace: StepTrace) => Promise<T>, describe: (value: T) => string): Promise<T> {
    const trace = new StepTrace();
    const value = await read(trace);
    this.record({ actor: "demo", action, decision: "SEEN", reason: "", detail: describe(value), traceId: trace.traceId });
    return value;
  }

  /** A layer's verdict; a later "did not hold" overrides "held" (one breach is a breach). */
  layer(id: LayerId, verdict: LayerStatus, evidence: string): void {
    const earlier = this.verdicts.get(id);
    if (earlier && STRENGTH[earlier.status] >= STRENGTH[verdict]) return;
    this.verdicts.set(id, { id, name: LAYERS[id], status: verdict, evidence });
  }

  /** The verdict of every expected layer (unjudged ones were not reached) and of any other judged. */
  verdictsFor(expected: readonly LayerId[], finished = true): LayerVerdict[] {
    const ids = [...expected, ...[...this.verdicts.keys()].filter((id) => !expected.includes(id))];
    const why = finished ? "an earlier layer stopped the attack first" : "the scenario ended before this layer was tested";
    return ids.map((id) => this.verdicts.get(id) ?? { id, name: LAYERS[id], status: "not reached", evidence: why });
  }

  private record(step: StepRecord): void {
    this.steps.push(step);
    this.reporter.step(this.scenarioId, step);
  }
}
