import {
  DocumentType,
  type GetProofingRequest,
  type GetProofingResponse,
  type Proofing,
  ProofingStatus,
  type StartProofingRequest,
  type StartProofingResponse,
} from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type CallContext, parseRequest, requirePrincipal } from "@wallet/service-kit";
import { annotateActiveSpan } from "@wallet/telemetry";
import { z } from "zod";
import { type DocumentType as EvidenceDocumentType } from "../domain/proofing/evidence";
import { getProofing, startProofing } from "../domain/proofing/proofing";
import { type IdentityDeps } from "../server";
import { type ProofingDocument } from "../store/proofing.model";
import { opaqueId } from "./messages";

const text = (max: number) => z.string().max(max);
const DOCUMENT_TYPES: Record<number, EvidenceDocumentType> = {
  [DocumentType.DOCUMENT_TYPE_DRIVERS_LICENSE]: "DRIVERS_LICENSE",
  [DocumentType.DOCUMENT_TYPE_MY_NUMBER_CARD]: "MY_NUMBER_CARD",
  [DocumentType.DOCUMENT_TYPE_PASSPORT]: "PASSPORT",
  [DocumentType.DOCUMENT_TYPE_RESIDENCE_CARD]: "RESIDENCE_CARD",
};

const request = z.object({
  name: z.object({
    familyNameKanji: text(50), givenNameKanji: text(50), familyNameKana: text(50), givenNameKana: text(50),
    familyNameLatin: text(50), givenNameLatin: text(50),
  }, { error: "is required" }),
  dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 1990-04-01"),
  address: z.object({ postalCode: text(10), prefecture: text(10), city: text(100), street: text(200) }, { error: "is required" }),
  document: z.object({
    type: z.number().refine((type) => type in DOCUMENT_TYPES, "must be a supported identity document type"),
    number: z.string().min(1, "is required").max(30),
  }, { error: "is required" }),
});

const STATUS = { PENDING: ProofingStatus.PROOFING_STATUS_PENDING, APPROVED: ProofingStatus.PROOFING_STATUS_APPROVED, REJECTED: ProofingStatus.PROOFING_STATUS_REJECTED };

function proofingMessage(proofing: ProofingDocument): Proofing {
  return { proofingId: proofing._id, status: STATUS[proofing.status], reasons: proofing.reasons, submittedAt: proofing.submittedAt, decidedAt: proofing.decidedAt ?? undefined };
}

export function startProofingHandler(deps: IdentityDeps) {
  return async (message: StartProofingRequest, call: CallContext): Promise<StartProofingResponse> => {
    const input = parseRequest(request, message);
    const proofing = await startProofing(deps.context, deps.proofingProvider, {
      userId: requirePrincipal(call).subject,
      evidence: { ...input, document: { type: DOCUMENT_TYPES[input.document.type]!, number: input.document.number } },
      decisionDelayMs: deps.settings.proofingDecisionDelayMs,
    });
    annotateActiveSpan({ "wallet.proofing.id": proofing._id });
    return { proofing: proofingMessage(proofing) };
  };
}

export function getProofingHandler(deps: IdentityDeps) {
  return async (message: GetProofingRequest, call: CallContext): Promise<GetProofingResponse> => {
    const { proofingId } = parseRequest(z.object({ proofingId: opaqueId }), message);
    return { proofing: proofingMessage(await getProofing(deps.context, requirePrincipal(call).subject, proofingId)) };
  };
}
