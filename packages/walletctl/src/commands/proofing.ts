import { DocumentType, type Proofing, ProofingStatus, Proofing as ProofingMessage } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type Command } from "commander";
import { type CommandContext, runCommand } from "../context";
import { CliError } from "../errors";
import { enumName } from "../format";

const DOCUMENTS: Record<string, DocumentType> = {
  "drivers-license": DocumentType.DOCUMENT_TYPE_DRIVERS_LICENSE,
  "my-number-card": DocumentType.DOCUMENT_TYPE_MY_NUMBER_CARD,
  passport: DocumentType.DOCUMENT_TYPE_PASSPORT,
  "residence-card": DocumentType.DOCUMENT_TYPE_RESIDENCE_CARD,
};

interface ProofOptions {
  familyNameKanji?: string; givenNameKanji?: string; familyNameKana?: string; givenNameKana?: string;
  familyNameLatin?: string; givenNameLatin?: string; dateOfBirth: string; postalCode: string; prefecture: string;
  city: string; street: string; documentType: string; documentNumber: string; wait: boolean; timeout: string;
}

/** Identity proofing: submit evidence, wait for the provider's decision (IAL2 when approved). */
export function registerProofing(program: Command): void {
  program
    .command("proof")
    .description("prove your identity (IAL2): submits the evidence and waits for the decision")
    .option("--family-name-kanji <name>").option("--given-name-kanji <name>")
    .option("--family-name-kana <name>").option("--given-name-kana <name>")
    .option("--family-name-latin <name>").option("--given-name-latin <name>")
    .requiredOption("--date-of-birth <date>", "ISO 8601, for example 1990-04-01")
    .requiredOption("--postal-code <code>").requiredOption("--prefecture <name>").requiredOption("--city <name>").requiredOption("--street <street>")
    .requiredOption("--document-type <type>", `one of ${Object.keys(DOCUMENTS).join(", ")}`)
    .requiredOption("--document-number <number>")
    .option("--no-wait", "return at once with the pending proofing")
    .option("--timeout <seconds>", "how long to wait for the decision", "30")
    .action((options: ProofOptions, command: Command) => runCommand(command, async (context) => {
      const type = DOCUMENTS[options.documentType];
      if (type === undefined) throw CliError.field("document.type", `must be one of ${Object.keys(DOCUMENTS).join(", ")}`);
      const callOptions = await context.asUser();
      const { proofing } = await context.clients.identity.startProofing({
        name: {
          familyNameKanji: options.familyNameKanji ?? "", givenNameKanji: options.givenNameKanji ?? "",
          familyNameKana: options.familyNameKana ?? "", givenNameKana: options.givenNameKana ?? "",
          familyNameLatin: options.familyNameLatin ?? "", givenNameLatin: options.givenNameLatin ?? "",
        },
        dateOfBirth: options.dateOfBirth,
        address: { postalCode: options.postalCode, prefecture: options.prefecture, city: options.city, street: options.street },
        document: { type, number: options.documentNumber },
      }, callOptions);
      let current = proofing!;
      if (options.wait) current = await context.output.progress("waiting for the proofing decision", waitForDecision(context, current, Number(options.timeout) * 1000));
      const state = enumName(ProofingStatus, current.status, "PROOFING_STATUS_");
      context.output.result(
        [`proofing ${current.proofingId}: ${state}${current.reasons.length > 0 ? ` (${current.reasons.join(", ")})` : ""}`],
        ProofingMessage.toJSON(current),
      );
      if (current.status === ProofingStatus.PROOFING_STATUS_REJECTED) process.exitCode = 1;
    }));
}

async function waitForDecision(context: CommandContext, proofing: Proofing, timeoutMs: number): Promise<Proofing> {
  const deadline = Date.now() + timeoutMs;
  let current = proofing;
  while (current.status === ProofingStatus.PROOFING_STATUS_PENDING && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    current = (await context.clients.identity.getProofing({ proofingId: proofing.proofingId }, await context.asUser())).proofing ?? current;
  }
  return current;
}
