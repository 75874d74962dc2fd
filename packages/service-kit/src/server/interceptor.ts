import { type CallContext } from "./call-context";

export type Next = (request: unknown) => Promise<unknown>;

/**
 * A server interceptor around every unary call: it sees the call context and the decoded
 * request, and may refuse the call, decorate it, or observe the outcome.
 */
export type Interceptor = (call: CallContext, request: unknown, next: Next) => Promise<unknown>;

export function chain(interceptors: readonly Interceptor[], handler: (call: CallContext, request: unknown) => Promise<unknown>) {
  return (call: CallContext, request: unknown): Promise<unknown> => {
    const dispatch = (index: number, current: unknown): Promise<unknown> => {
      const interceptor = interceptors[index];
      return interceptor ? interceptor(call, current, (next) => dispatch(index + 1, next)) : handler(call, current);
    };
    return dispatch(0, request);
  };
}
