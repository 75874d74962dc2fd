import { type AuthorizeResponse, IdentityServiceService } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type Authorizer, type GateQuery } from "../server/gate-interceptor";
import { type ClientOptions, createClient } from "./create-client";

/** identity.Authorize over gRPC: how account, bank-link and payment consult the gate. */
export class RemoteAuthorizer implements Authorizer {
  private readonly client;

  constructor(options: Omit<ClientOptions, "audience">) {
    this.client = createClient(IdentityServiceService, { ...options, audience: "identity" });
  }

  authorize(query: GateQuery): Promise<AuthorizeResponse> {
    // The user's token travels inside the request, not as this call's own credentials.
    return this.client.authorize(query, { accessToken: "" });
  }

  close(): void {
    this.client.close();
  }
}
