/**
 * The sandbox's sample banks and customers. The "victims" are the customers whose account
 * numbers, PINs and names are on the criminals' leaked list in the 2020 attack scenarios; the
 * demo and manual tests attack them. All of it is fiction: no real bank, person or number.
 */
export interface SeedBank {
  bankCode: string;
  name: string;
  branches: { branchCode: string; name: string }[];
}

export interface SeedAccount {
  role: "victim" | "customer" | "attacker";
  bankCode: string;
  branchCode: string;
  accountNumber: string;
  holderNameKana: string;
  holderNameLatin: string;
  pin: string;
  registeredPhone: string;
  balanceYen: bigint;
}

export const SEED_BANKS: SeedBank[] = [
  { bankCode: "0901", name: "Hoshizora Sandbox Bank", branches: [{ branchCode: "001", name: "Head Office" }, { branchCode: "101", name: "Shinjuku" }] },
  { bankCode: "0902", name: "Minato Sandbox Trust", branches: [{ branchCode: "001", name: "Head Office" }, { branchCode: "205", name: "Umeda" }] },
];

export const SEED_ACCOUNTS: SeedAccount[] = [
  { role: "victim", bankCode: "0901", branchCode: "001", accountNumber: "1000001", holderNameKana: "ヤマダ ハナコ", holderNameLatin: "YAMADA HANAKO", pin: "4821", registeredPhone: "+819011110001", balanceYen: 480_000n },
  { role: "victim", bankCode: "0901", branchCode: "101", accountNumber: "1000002", holderNameKana: "スズキ イチロウ", holderNameLatin: "SUZUKI ICHIRO", pin: "1357", registeredPhone: "+819011110002", balanceYen: 1_250_000n },
  { role: "victim", bankCode: "0902", branchCode: "205", accountNumber: "2000001", holderNameKana: "タカハシ ミドリ", holderNameLatin: "TAKAHASHI MIDORI", pin: "0912", registeredPhone: "+819011110003", balanceYen: 96_000n },
  { role: "customer", bankCode: "0901", branchCode: "001", accountNumber: "1000101", holderNameKana: "サトウ ケンジ", holderNameLatin: "SATO KENJI", pin: "2468", registeredPhone: "+819022220001", balanceYen: 300_000n },
  { role: "attacker", bankCode: "0902", branchCode: "001", accountNumber: "2000999", holderNameKana: "クロダ ジン", holderNameLatin: "KURODA JIN", pin: "9999", registeredPhone: "+819033330001", balanceYen: 1_000n },
];
