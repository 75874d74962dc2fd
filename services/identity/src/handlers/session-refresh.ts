import { type RefreshSessionRequest, type RefreshSessionResponse } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { parseRequest } from "@wallet/service-kit";
import { z } from "zod";
import { type IdentityDeps } from "../server";
import { tokensMessage } from "./messages";

const request = z.object({ refreshToken: z.string().regex(/^rt_[A-Za-z0-9_-]{43}$/, "must be a refresh token we issued") });

export function refreshSessionHandler(deps: IdentityDeps) {
  return async (message: RefreshSessionRequest): Promise<RefreshSessionResponse> => {
    const { refreshToken } = parseRequest(request, message);
    return { tokens: tokensMessage(await deps.context.sessions.refresh(refreshToken)) };
  };
}
