import { randomBytes, randomInt } from "node:crypto";
import { type PersonName } from "./evidence";

/** Someone using the wallet: fresh contacts every time, so runs never collide. */
export interface Person {
  email: string;
  phone: string;
  password: string;
  handle: string;
  name: PersonName;
}

/** A new person; `emailPrefix` tells whose outbox messages are whose (the demo's start "demo."). */
export function newPerson(label: string, name: PersonName, emailPrefix = ""): Person {
  const suffix = randomBytes(4).toString("hex");
  return {
    email: `${emailPrefix}${label}.${suffix}@example.test`,
    phone: newPhone(),
    password: `open sesame ${suffix} ${label}`,
    handle: `${label.replace(/[^a-z0-9_]/g, "").slice(0, 11)}_${suffix}`,
    name,
  };
}

export function newPhone(): string {
  return `+8190${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;
}
