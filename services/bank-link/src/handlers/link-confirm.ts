import { type ConfirmLinkRequest, type ConfirmLinkResponse } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { type CallContext, parseRequest, requirePrincipal } from "@wallet/service-kit";
import { z } from "zod";
import { confirmLink } from "../domain/links/link-confirm";
import { type BankLinkDeps } from "../server";
import { countedAttempt } from "./link-attempt-metrics";
import { linkIdRequest, toLinkMessage } from "./link-message";

const confirmLinkRequest = linkIdRequest.extend({
  pin: z.string().regex(/^\d{4}$/, "must be your 4-digit bank PIN"),
  oneTimeCode: z.string().regex(/^(\d{6})?$/, "must be the 6-digit code your bank sent"),
});

export function confirmLinkHandler(deps: BankLinkDeps) {
  return (request: ConfirmLinkRequest, call: CallContext): Promise<ConfirmLinkResponse> => countedAttempt("confirm", "ACTIVATED", async () => {
    const input = parseRequest(confirmLinkRequest, request);
    return { link: toLinkMessage(await confirmLink(deps.context, { ...input, userId: requirePrincipal(call).subject })) };
  });
}
