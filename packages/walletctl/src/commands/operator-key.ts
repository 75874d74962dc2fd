import { join } from "node:path";
import { type GlobalOptions } from "../context";

/** --operator-key-file, WALLETCTL_OPERATOR_KEY_FILE, or the file `npm run up` writes in the repo. */
export function operatorKeyFile(options: GlobalOptions): string {
  return options.operatorKeyFile ?? process.env["WALLETCTL_OPERATOR_KEY_FILE"] ?? join(process.cwd(), ".local", "dev-secrets.json");
}
