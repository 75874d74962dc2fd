import { readGatePolicy } from "@wallet/contracts";
import { IdentityServiceService, protoMetadata } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type OutboxSender } from "@wallet/outbox";
import { gateInterceptor, hosted, type HostedService, type Interceptor } from "@wallet/service-kit";
import { type PayeeDirectory } from "./domain/contacts/payee-directory";
import { type IdentityContext } from "./domain/context";
import { type LocalAuthorizer } from "./domain/gate/local-authorizer";
import { type ProofingProvider } from "./domain/proofing/evidence";
import { listOutboxMessagesHandler, listSecurityEventsHandler, unlockAccountHandler } from "./handlers/for-operators";
import { getProfileHandler, getProofedNameHandler, notifyUserHandler, resolvePayeeHandler } from "./handlers/for-services";
import { authorizeHandler, getJwksHandler, rotateSigningKeyHandler } from "./handlers/gate";
import { sendLoginCodeHandler } from "./handlers/login-code-send";
import { loginHandler } from "./handlers/login";
import { getProofingHandler, startProofingHandler } from "./handlers/proofing";
import { verifySecondFactorHandler } from "./handlers/second-factor-verify";
import { logoutHandler, revokeAllSessionsHandler } from "./handlers/session-logout";
import { refreshSessionHandler } from "./handlers/session-refresh";
import { confirmSignUpContactHandler } from "./handlers/sign-up-confirm";
import { startSignUpHandler } from "./handlers/sign-up-start";
import { completeStepUpHandler, createStepUpChallengeHandler, startStepUpHandler } from "./handlers/step-up";
import { confirmTotpEnrollmentHandler, startTotpEnrollmentHandler } from "./handlers/totp-enrollment";

export interface IdentityDeps {
  context: IdentityContext;
  authorizer: LocalAuthorizer;
  payees: PayeeDirectory;
  proofingProvider: ProofingProvider;
  /** Present when the development sender is in use: the outbox operators and tests read. */
  outbox: OutboxSender | undefined;
  settings: { trustForwardedFor: boolean; signUpsPerSourceFree: number; proofingDecisionDelayMs: number; stepUpProofLifetimeMs: number };
}

export const IDENTITY_SERVICE_NAME = "wallet.identity.v1.IdentityService";

/** The identity service's handlers; identity's own gate decides in-process. */
export function createIdentityServer(deps: IdentityDeps): { services: HostedService[]; interceptors: Interceptor[] } {
  const policy = readGatePolicy(protoMetadata, "IdentityService", IdentityServiceService);
  return {
    services: [
      hosted(IDENTITY_SERVICE_NAME, IdentityServiceService, {
        startSignUp: startSignUpHandler(deps),
        confirmSignUpContact: confirmSignUpContactHandler(deps),
        login: loginHandler(deps),
        sendLoginCode: sendLoginCodeHandler(deps),
        verifySecondFactor: verifySecondFactorHandler(deps),
        refreshSession: refreshSessionHandler(deps),
        logout: logoutHandler(deps),
        revokeAllSessions: revokeAllSessionsHandler(deps),
        startTotpEnrollment: startTotpEnrollmentHandler(deps),
        confirmTotpEnrollment: confirmTotpEnrollmentHandler(deps),
        startProofing: startProofingHandler(deps),
        getProofing: getProofingHandler(deps),
        getProfile: getProfileHandler(deps),
        startStepUp: startStepUpHandler(deps),
        completeStepUp: completeStepUpHandler(deps),
        createStepUpChallenge: createStepUpChallengeHandler(deps),
        authorize: authorizeHandler(deps),
        getJwks: getJwksHandler(deps),
        rotateSigningKey: rotateSigningKeyHandler(deps),
        getProofedName: getProofedNameHandler(deps),
        notifyUser: notifyUserHandler(deps),
        resolvePayee: resolvePayeeHandler(deps),
        listSecurityEvents: listSecurityEventsHandler(deps),
        listOutboxMessages: listOutboxMessagesHandler(deps),
        unlockAccount: unlockAccountHandler(deps),
      }),
    ],
    interceptors: [gateInterceptor({ policy, authorizer: deps.authorizer })],
  };
}
