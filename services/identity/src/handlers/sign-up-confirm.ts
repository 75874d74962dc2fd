import { ContactChannel, type ConfirmSignUpContactRequest, type ConfirmSignUpContactResponse } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { parseRequest } from "@wallet/service-kit";
import { z } from "zod";
import { confirmSignUpContact } from "../domain/sign-up/sign-up";
import { type IdentityDeps } from "../server";
import { oneTimeCode, opaqueId } from "./messages";

const request = z.object({
  signUpId: opaqueId,
  channel: z.union([z.literal(ContactChannel.CONTACT_CHANNEL_EMAIL), z.literal(ContactChannel.CONTACT_CHANNEL_PHONE)], { error: "must be EMAIL or PHONE" }),
  code: oneTimeCode,
});

export function confirmSignUpContactHandler(deps: IdentityDeps) {
  return async (message: ConfirmSignUpContactRequest): Promise<ConfirmSignUpContactResponse> => {
    const input = parseRequest(request, message);
    return confirmSignUpContact(deps.context, {
      signUpId: input.signUpId,
      channel: input.channel === ContactChannel.CONTACT_CHANNEL_EMAIL ? "email" : "phone",
      code: input.code,
    });
  };
}
