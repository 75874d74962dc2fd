import {
  type ReportUnrecognizedLinkRequest,
  type ReportUnrecognizedLinkResponse,
  type UnlinkRequest,
  type UnlinkResponse,
} from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { type CallContext, parseRequest, requirePrincipal } from "@wallet/service-kit";
import { reportUnrecognizedLink, unlink } from "../domain/links/link-end";
import { type BankLinkDeps } from "../server";
import { linkIdRequest, toLinkMessage } from "./link-message";

export function unlinkHandler(deps: BankLinkDeps) {
  return async (request: UnlinkRequest, call: CallContext): Promise<UnlinkResponse> => {
    const { linkId } = parseRequest(linkIdRequest, request);
    return { link: toLinkMessage(await unlink(deps.context, { linkId, userId: requirePrincipal(call).subject })) };
  };
}

export function reportUnrecognizedLinkHandler(deps: BankLinkDeps) {
  return async (request: ReportUnrecognizedLinkRequest, call: CallContext): Promise<ReportUnrecognizedLinkResponse> => {
    const { linkId } = parseRequest(linkIdRequest, request);
    return { link: toLinkMessage(await reportUnrecognizedLink(deps.context, { linkId, userId: requirePrincipal(call).subject })) };
  };
}
