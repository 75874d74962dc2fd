export { type ChallengeClaimDocument, type ChallengeDocument, type ChallengeModels, challengeModels } from "./models";
export { type IssuedCode, type IssueRequest, MAX_ATTEMPTS, MAX_LIFETIME_MS, OneTimeCodes, type VerifyOutcome, type VerifyRequest } from "./one-time-codes";
