export { evidenceFor, myNumber, type PersonName } from "./evidence";
export { newPerson, newPhone, type Person } from "./people";
