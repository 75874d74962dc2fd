export type Channel = "email" | "sms";

/** A message to a person: a one-time code or a notice. */
export interface OutgoingMessage {
  channel: Channel;
  /** Email address or E.164 phone number. */
  to: string;
  /** Machine-readable kind, for example "signup_code" or "link_notice". */
  template: string;
  /** The text the person reads. It may carry a one-time code: it is never logged. */
  body: string;
}

/**
 * How codes and notices leave the platform. Production plugs an email or SMS gateway in here;
 * development and tests use the outbox sender.
 */
export interface Sender {
  send(message: OutgoingMessage): Promise<void>;
}
