import { credentials, Client, type ServiceError } from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";

interface HealthResponse {
  status: string | number;
}

const check = healthService["Check"]!;

/** Asks a server's grpc.health.v1.Health/Check; resolves to the status name. */
export function probeHealth(address: string, service = "", deadlineMs = 1_000): Promise<string> {
  const client = new Client(address, credentials.createInsecure());
  return new Promise<string>((resolve, reject) => {
    client.makeUnaryRequest(
      check.path,
      check.requestSerialize,
      check.responseDeserialize,
      { service },
      { deadline: Date.now() + deadlineMs },
      (error: ServiceError | null, response?: unknown) => {
        client.close();
        if (error) return reject(error);
        const status = (response as HealthResponse | undefined)?.status;
        resolve(typeof status === "number" ? (["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"][status] ?? "UNKNOWN") : String(status));
      },
    );
  });
}

/** Polls until the server reports SERVING, or fails with the last status seen. */
export async function waitUntilServing(address: string, timeoutMs: number, isAlive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`process exited before serving (last health: ${last})`);
    try {
      last = await probeHealth(address);
      if (last === "SERVING") return;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not SERVING after ${timeoutMs} ms (last health: ${last})`);
}
