// What other tools (the demo) reuse: the program to add commands to, client construction, the
// profile and address resolution, error rendering.
export { addressFlag, type Addresses, addressVariable, DEFAULT_ADDRESSES, PLATFORM_SERVICES, type PlatformService, resolveAddresses } from "./addresses";
export { type ClientSettings, createWalletClients, loadOperatorIdentity, OPERATOR_NAME, transportCredentials, type WalletClients } from "./clients";
export { CommandContext, type GlobalOptions, runCommand } from "./context";
export { CliError, describeFailure, EXIT_UNEXPECTED, EXIT_USAGE, GRPC_EXIT_BASE } from "./errors";
export { money, parseAmount } from "./format";
export { Output } from "./output";
export { defaultProfilePath, Profile, type ProfileData, type SavedSession } from "./profile";
export { buildProgram } from "./program";
export { accessToken, saveTokens } from "./session";
export { renderTree, type SpanNode, spanTree } from "./span-tree";
