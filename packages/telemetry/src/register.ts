// Loaded with `node --import @wallet/telemetry/register` so the SDK patches @grpc/grpc-js and the
// MongoDB driver before the application requires them.
import { startTelemetry } from "./sdk";

startTelemetry();
