import { readGatePolicy } from "@wallet/contracts";
import { BankLinkServiceService, protoMetadata } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { type Authorizer, gateInterceptor, hosted, type HostedService, type Interceptor } from "@wallet/service-kit";
import { type BankLinkContext } from "./domain/context";
import { cancelTransferHandler, creditHandler, debitHandler } from "./handlers/bank-money";
import { confirmLinkHandler } from "./handlers/link-confirm";
import { describeLinkHandler } from "./handlers/link-describe";
import { reportUnrecognizedLinkHandler, unlinkHandler } from "./handlers/link-end";
import { listLinkEventsHandler } from "./handlers/link-events-list";
import { getLinkHandler, listLinksHandler } from "./handlers/link-get";
import { startLinkHandler } from "./handlers/link-start";

export interface BankLinkDeps {
  context: BankLinkContext;
  authorizer: Authorizer;
}

export const BANK_LINK_SERVICE_NAME = "wallet.banklink.v1.BankLinkService";

export function createBankLinkServer(deps: BankLinkDeps): { services: HostedService[]; interceptors: Interceptor[] } {
  const policy = readGatePolicy(protoMetadata, "BankLinkService", BankLinkServiceService);
  return {
    services: [
      hosted(BANK_LINK_SERVICE_NAME, BankLinkServiceService, {
        startLink: startLinkHandler(deps),
        confirmLink: confirmLinkHandler(deps),
        getLink: getLinkHandler(deps),
        listLinks: listLinksHandler(deps),
        unlink: unlinkHandler(deps),
        reportUnrecognizedLink: reportUnrecognizedLinkHandler(deps),
        describeLink: describeLinkHandler(deps),
        debit: debitHandler(deps),
        credit: creditHandler(deps),
        cancelTransfer: cancelTransferHandler(deps),
        listLinkEvents: listLinkEventsHandler(deps),
      }),
    ],
    interceptors: [
      gateInterceptor({
        policy,
        authorizer: deps.authorizer,
        // An unknown link and another user's link answer alike (NOT_RESOURCE_OWNER): "" is no
        // one's id, so the gate refuses without telling which link ids exist.
        ownerResolvers: { link_id: async (linkId) => (await deps.context.models.links.findById(linkId, { userId: 1 }).lean())?.userId ?? "" },
      }),
    ],
  };
}
