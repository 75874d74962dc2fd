import { type Scenario } from "../scenario";
import { emailOnlyWallet } from "./email-only-wallet";
import { honestJourney } from "./honest-journey";
import { manyVictims } from "./many-victims";
import { proofedAttacker } from "./proofed-attacker";
import { stolenDocument } from "./stolen-document";
import { syntheticNameMatch } from "./synthetic-name-match";

/** Every scenario, in the order the demo plays them. */
export const SCENARIOS: readonly Scenario[] = [honestJourney, emailOnlyWallet, proofedAttacker, stolenDocument, syntheticNameMatch, manyVictims];
