import { type PaymentModels } from "../../store/models";
import { knownPayeeId } from "./risk-history";

const MAX_ENTRIES = 50_000;

/**
 * Whom each payer has paid before (the first-time-payee rule), with every "yes" remembered on
 * this replica: a known payee is never forgotten by the store (nothing deletes one), so a
 * remembered "yes" stays right, and an everyday transfer to a familiar payee reads nothing for
 * it. A "no" is asked again every time: another replica may have just learned the payee.
 */
export class KnownPayees {
  private readonly known = new Set<string>();

  constructor(private readonly models: PaymentModels) {}

  async isKnown(ownerId: string, payeeUserId: string): Promise<boolean> {
    const id = knownPayeeId(ownerId, payeeUserId);
    if (this.known.has(id)) return true;
    if (!(await this.models.knownPayees.exists({ _id: id }))) return false;
    if (this.known.size >= MAX_ENTRIES) this.known.clear();
    this.known.add(id);
    return true;
  }
}
