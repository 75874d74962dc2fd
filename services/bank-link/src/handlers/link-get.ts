import { type GetLinkRequest, type GetLinkResponse, type ListLinksResponse } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { type CallContext, parseRequest, requirePrincipal } from "@wallet/service-kit";
import { listLinks } from "../domain/links/link-describe";
import { loadLink, viewOf } from "../domain/links/link-view";
import { type BankLinkDeps } from "../server";
import { linkIdRequest, toLinkMessage } from "./link-message";

export function getLinkHandler(deps: BankLinkDeps) {
  return async (request: GetLinkRequest, call: CallContext): Promise<GetLinkResponse> => {
    const { linkId } = parseRequest(linkIdRequest, request);
    return { link: toLinkMessage(viewOf(deps.context, await loadLink(deps.context, linkId, requirePrincipal(call).subject))) };
  };
}

export function listLinksHandler(deps: BankLinkDeps) {
  return async (_request: unknown, call: CallContext): Promise<ListLinksResponse> => {
    return { links: (await listLinks(deps.context, requirePrincipal(call).subject)).map(toLinkMessage) };
  };
}
