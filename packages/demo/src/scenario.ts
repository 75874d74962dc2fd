import { type SandboxBankStaff } from "./actors/sandbox-bank";
import { type PlatformClients } from "./clients";
import { type LayerId } from "./layers";
import { type MoneyCheck, type UserActions } from "./result";
import { type ScenarioRun } from "./scenario-run";

export interface ScenarioContext {
  clients: PlatformClients;
  bank: SandboxBankStaff;
  run: ScenarioRun;
}

export interface ScenarioOutcome {
  money?: MoneyCheck;
  userActions?: UserActions;
  /** What went wrong beyond the layers and the money (an honest step refused, say). */
  problems: string[];
}

/** One journey the demo plays against the platform. */
export interface Scenario {
  id: string;
  title: string;
  kind: "honest" | "attack";
  /** The layers that must stop this attack; each is judged held, did not hold or not reached. */
  expectedLayers: readonly LayerId[];
  play(context: ScenarioContext): Promise<ScenarioOutcome>;
}
