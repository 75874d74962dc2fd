import { challengeModels } from "@wallet/one-time-codes";
import { outboxModel } from "@wallet/outbox";
import { type Connection } from "mongoose";
import { accessChangeModel } from "./access-change.model";
import { accountUnlockModel } from "./account-unlock.model";
import { claimModels } from "./claim.models";
import { proofingModel } from "./proofing.model";
import { securityEventModel } from "./security-event.model";
import { sessionModels } from "./session.model";
import { signUpModel } from "./sign-up.model";
import { signingKeyModel } from "./signing-key.model";
import { stepUpChallengeModel, stepUpProofModel } from "./step-up-proof.model";
import { throttleEventModel } from "./throttle-event.model";
import { userModel } from "./user.model";

/** Every collection identity owns, registered on its own connection. */
export function identityModels(connection: Connection) {
  return {
    users: userModel(connection),
    signUps: signUpModel(connection),
    ...sessionModels(connection),
    accessChanges: accessChangeModel(connection),
    signingKeys: signingKeyModel(connection),
    proofings: proofingModel(connection),
    stepUpProofs: stepUpProofModel(connection),
    stepUpChallenges: stepUpChallengeModel(connection),
    securityEvents: securityEventModel(connection),
    throttleEvents: throttleEventModel(connection),
    accountUnlocks: accountUnlockModel(connection),
    outbox: outboxModel(connection),
    ...claimModels(connection),
    ...challengeModels(connection),
  };
}

export type IdentityModels = ReturnType<typeof identityModels>;
