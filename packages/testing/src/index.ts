export { type BankCustomer, Banks, type OpenAccountOptions, TEST_BANK_CODE } from "./banks";
export { type CollectedSeries, MetricStore } from "./otlp-metrics";
export { type CollectedSpan, OtlpSink } from "./otlp-sink";
export { evidenceFor, myNumber, type PersonName } from "@wallet/sandbox-fixtures";
export { type CapturedLine, TestPlatform, type TestPlatformOptions } from "./test-platform";
export { newPerson, type Person, type SignedIn, TARO, Users } from "./users";
export { Customers, type WalletCustomer } from "./customers";
