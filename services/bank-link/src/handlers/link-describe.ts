import { type DescribeLinkRequest, type DescribeLinkResponse } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { parseRequest, resourceId } from "@wallet/service-kit";
import { z } from "zod";
import { describeLink } from "../domain/links/link-describe";
import { type BankLinkDeps } from "../server";
import { toLinkMessage } from "./link-message";

const describeRequest = z.object({ linkId: resourceId, userId: resourceId });

export function describeLinkHandler(deps: BankLinkDeps) {
  return async (request: DescribeLinkRequest): Promise<DescribeLinkResponse> => {
    const description = await describeLink(deps.context, parseRequest(describeRequest, request));
    return { link: toLinkMessage(description.link), accountFingerprint: description.accountFingerprint, linksOfUser: description.linksOfUser };
  };
}
