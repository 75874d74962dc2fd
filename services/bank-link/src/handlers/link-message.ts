import { BankAuthenticationMethod, type Link, LinkState } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { resourceId } from "@wallet/service-kit";
import { annotateActiveSpan, WalletAttributes } from "@wallet/telemetry";
import { z } from "zod";
import { type LinkView } from "../domain/links/link-view";

export const linkIdRequest = z.object({ linkId: resourceId });

export function toLinkMessage(view: LinkView): Link {
  annotateActiveSpan({ [WalletAttributes.linkId]: view.linkId, [WalletAttributes.linkState]: view.state });
  return {
    linkId: view.linkId,
    state: LinkState[`LINK_STATE_${view.state}`],
    bankCode: view.bankCode,
    branchCode: view.branchCode,
    accountLast4: view.accountLast4,
    createdAt: view.createdAt,
    activatedAt: view.activatedAt,
    coolingOffUntil: view.coolingOffUntil,
    suspendedReason: view.state === "SUSPENDED" ? view.reason : "",
  };
}

export function toAuthenticationMethod(view: LinkView): BankAuthenticationMethod {
  switch (view.bankAuthenticationMethod) {
    case "PIN_AND_ONE_TIME_CODE":
      return BankAuthenticationMethod.BANK_AUTHENTICATION_METHOD_PIN_AND_ONE_TIME_CODE;
    case "PIN_ONLY":
      return BankAuthenticationMethod.BANK_AUTHENTICATION_METHOD_PIN_ONLY;
    case "":
      return BankAuthenticationMethod.BANK_AUTHENTICATION_METHOD_UNSPECIFIED;
  }
}
