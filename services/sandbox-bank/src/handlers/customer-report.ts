import { type ReportUnrecognizedLinkRequest, type ReportUnrecognizedLinkResponse } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { parseRequest } from "@wallet/service-kit";
import { z } from "zod";
import { reportUnrecognizedLink } from "../domain/consents/consent-revoke";
import { type SandboxBankDeps } from "../server";

const reportRequest = z.object({ reportCode: z.string().regex(/^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{22}$/, "must be the code from the bank's notice") });

export function reportUnrecognizedLinkHandler(deps: SandboxBankDeps) {
  return async (request: ReportUnrecognizedLinkRequest): Promise<ReportUnrecognizedLinkResponse> => {
    const input = parseRequest(reportRequest, request);
    return { revoked: await reportUnrecognizedLink(deps.context, input.reportCode) };
  };
}
