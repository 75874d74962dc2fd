import { FailedPreconditionError, RemoteError } from "@wallet/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PaymentContext } from "../src/domain/payment-context";
import { type SagaDefinition, type UndoOutcome } from "../src/domain/sagas/saga-definition";
import { resumeDuePayments } from "../src/domain/recovery/payment-recovery";
import { SagaRunner } from "../src/domain/sagas/saga-runner";
import { type PaymentModels } from "../src/store/models";
import { openPaymentStore, type PaymentTestStore, testPaymentContext, everyKind } from "./support/payment-store";
import { type PaymentDocument, type PaymentKind } from "../src/store/payment.model";

let store: PaymentTestStore;
let models: PaymentModels;
const clock = { now: new Date("2026-11-25T05:00:00Z") };

beforeAll(async () => {
  store = await openPaymentStore("sagas");
  models = store.models;
});
afterAll(async () => {
  await store?.close();
});

const context = (): PaymentContext => testPaymentContext(models, clock);

let serial = 0;
async function newPayment(kind: PaymentKind = "TRANSFER"): Promise<string> {
  const id = `pay_test${++serial}`;
  await models.payments.create({
    _id: id, ownerId: "usr_1", kind, idempotencyScope: `usr_1:${id}`, request: {}, currency: "JPY", amount: 100n, walletId: "wal_1",
    linkId: "", bankCode: "", accountFingerprint: "", payeeUserId: "", payeeHandle: "", payeeWalletId: "", merchantId: "", orderReference: "", refundOf: "",
    holdId: "", risk: { decision: "ALLOW", reasons: [], stepUpVerified: false, at: clock.now }, state: "PROCESSING", terminal: false,
    steps: [{ name: "RISK_CHECKED", at: clock.now, facts: {} }], failureReason: "", deadlineAt: new Date(clock.now.getTime() + 60_000),
    forwardOnly: false, nextAttemptAt: clock.now, attempts: 0, lastError: "", traceId: "", createdAt: clock.now, updatedAt: clock.now,
  });
  return id;
}

/** A scripted two-step saga: the script says how each call of each step ends. */
function scripted(script: { first?: (() => void)[]; second?: (() => void)[]; undoFirst?: UndoOutcome; undoSecond?: UndoOutcome; secondRefusalProvesNotDone?: boolean }) {
  const calls: string[] = [];
  const play = (name: string, moves: (() => void)[] | undefined) => () => {
    calls.push(name);
    moves?.shift()?.();
    return Promise.resolve({});
  };
  const saga: SagaDefinition = [
    { name: "FIRST", movesMoney: false, run: play("first", script.first), undo: () => { calls.push("undo first"); return Promise.resolve(script.undoFirst ?? "undone"); } },
    { name: "SECOND", movesMoney: true, refusalProvesNotDone: script.secondRefusalProvesNotDone ?? false, run: play("second", script.second), undo: () => { calls.push("undo second"); return Promise.resolve(script.undoSecond ?? "undone"); } },
  ];
  const sagas = everyKind(saga);
  return { calls, runner: new SagaRunner(context(), sagas) };
}

const unavailable = () => { throw new RemoteError(14, "down", "", "", {}, [], undefined); };
const refused = () => { throw new FailedPreconditionError("INSUFFICIENT_FUNDS", "no"); };
const names = (payment: PaymentDocument) => payment.steps.map((step) => step.name);

describe("the saga runner", () => {
  it("runs every step once and completes", async () => {
    const { runner, calls } = scripted({});
    const payment = await runner.advance(await newPayment());
    expect([payment.state, payment.terminal, names(payment)]).toEqual(["COMPLETED", true, ["RISK_CHECKED", "FIRST", "SECOND", "COMPLETED"]]);
    expect(calls).toEqual(["first", "second"]);
    await runner.advance(payment._id);
    expect(calls).toEqual(["first", "second"]);
  });

  it("waits when a dependency is down, and goes on from where it stopped", async () => {
    const { runner, calls } = scripted({ second: [unavailable] });
    const waiting = await runner.advance(await newPayment());
    expect([waiting.state, waiting.attempts, names(waiting)]).toEqual(["PROCESSING", 1, ["RISK_CHECKED", "FIRST"]]);
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(clock.now.getTime());
    const done = await runner.advance(waiting._id);
    expect(done.state).toBe("COMPLETED");
    expect(calls).toEqual(["first", "second", "second"]);
  });

  it("undoes what was done when a step is refused, newest first, the refused step too", async () => {
    const { runner, calls } = scripted({ second: [refused] });
    const payment = await runner.advance(await newPayment());
    expect([payment.state, payment.failureReason]).toEqual(["FAILED", "INSUFFICIENT_FUNDS"]);
    expect(calls).toEqual(["first", "second", "undo second", "undo first"]);
  });

  it("still undoes a step whose refusal is not a decision on the dependency's state (its gate turned the call away)", async () => {
    const deniedByGate = () => { throw new RemoteError(7, "not allowed", "SERVICE_NOT_ALLOWED", "", {}, [], undefined); };
    const { runner, calls } = scripted({ second: [deniedByGate], secondRefusalProvesNotDone: true });
    const payment = await runner.advance(await newPayment());
    expect([payment.state, payment.failureReason]).toEqual(["FAILED", "SERVICE_NOT_ALLOWED"]);
    expect(calls).toEqual(["first", "second", "undo second", "undo first"]);
  });

  it("leaves a refused step alone when its refusal proves it did not happen", async () => {
    const { runner, calls } = scripted({ second: [refused], secondRefusalProvesNotDone: true });
    const payment = await runner.advance(await newPayment());
    expect([payment.state, payment.failureReason]).toEqual(["FAILED", "INSUFFICIENT_FUNDS"]);
    expect(calls).toEqual(["first", "second", "undo first"]);
    expect(payment.steps.find((step) => step.name === "COMPENSATING")?.facts).toEqual({ reason: "INSUFFICIENT_FUNDS", refused_step: "SECOND" });
  });

  it("still leaves the refused step alone when the compensation resumes after an undo failed", async () => {
    let undoFirstAttempts = 0;
    const calls: string[] = [];
    const saga: SagaDefinition = [
      { name: "FIRST", movesMoney: false, run: () => Promise.resolve({}), undo: () => {
        calls.push("undo first");
        return ++undoFirstAttempts < 2 ? Promise.reject(new RemoteError(14, "down", "", "", {}, [], undefined)) : Promise.resolve("undone");
      } },
      { name: "SECOND", movesMoney: true, refusalProvesNotDone: true, run: () => Promise.reject(new FailedPreconditionError("INSUFFICIENT_FUNDS", "no")), undo: () => {
        calls.push("undo second");
        return Promise.resolve("undone");
      } },
    ];
    // A fresh runner resumes it, as another replica's recovery would: only the stored record tells.
    const waiting = await new SagaRunner(context(), everyKind(saga)).advance(await newPayment());
    expect(waiting.state).toBe("COMPENSATING");
    const payment = await new SagaRunner(context(), everyKind(saga)).advance(waiting._id);
    expect([payment.state, payment.failureReason]).toEqual(["FAILED", "INSUFFICIENT_FUNDS"]);
    expect(calls).toEqual(["undo first", "undo first"]);
  });

  it("compensates after its deadline, undoing the step whose outcome is unknown too", async () => {
    const { runner, calls } = scripted({ second: [unavailable] });
    const waiting = await runner.advance(await newPayment());
    clock.now = new Date(clock.now.getTime() + 61_000);
    const payment = await runner.advance(waiting._id);
    expect([payment.state, payment.failureReason]).toEqual(["FAILED", "DEADLINE_EXCEEDED"]);
    expect(calls).toEqual(["first", "second", "undo second", "undo first"]);
  });

  it("keeps compensating until the undo succeeds", async () => {
    let undoAttempts = 0;
    const saga: SagaDefinition = [
      { name: "MOVED", movesMoney: true, run: () => Promise.resolve({}), undo: () => (++undoAttempts < 3 ? Promise.reject(new RemoteError(14, "down", "", "", {}, [], undefined)) : Promise.resolve("undone")) },
      { name: "REFUSED", movesMoney: false, run: () => Promise.reject(new FailedPreconditionError("NO", "no")) },
    ];
    const runner = new SagaRunner(context(), everyKind(saga));
    let payment = await runner.advance(await newPayment());
    expect(payment.state).toBe("COMPENSATING");
    payment = await runner.advance(payment._id);
    expect(payment.state).toBe("COMPENSATING");
    payment = await runner.advance(payment._id);
    expect(payment.state).toBe("COMPENSATED");
  });

  it("finishes forward when the step in doubt took effect and cannot be undone", async () => {
    const { runner, calls } = scripted({ second: [unavailable], undoSecond: "happened" });
    const waiting = await runner.advance(await newPayment());
    clock.now = new Date(clock.now.getTime() + 61_000);
    const payment = await runner.advance(waiting._id);
    expect(payment.state).toBe("COMPLETED");
    expect(calls).toEqual(["first", "second", "undo second"]);
  });

  it("never changes a terminal state", async () => {
    const { runner } = scripted({ second: [refused] });
    const failed = await runner.advance(await newPayment());
    const again = await runner.advance(failed._id);
    expect([again.state, again.steps.length]).toEqual(["FAILED", failed.steps.length]);
  });

  it("leaves a running saga to its runner until the lease runs out, then recovery takes it over", async () => {
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => { release = resolve; });
    const calls: string[] = [];
    const saga: SagaDefinition = [
      { name: "FIRST", movesMoney: false, run: () => { calls.push("first"); return Promise.resolve({}); } },
      { name: "SECOND", movesMoney: true, run: async () => { calls.push("second"); if (calls.length === 2) await stuck; return {}; } },
    ];
    const runner = new SagaRunner(context(), everyKind(saga));
    const id = await newPayment();
    const running = runner.advance(id);
    await expect.poll(() => calls).toEqual(["first", "second"]);
    // The first step renewed the lease: recovery does not touch the payment yet.
    expect((await models.payments.findById(id).lean())!.nextAttemptAt.getTime()).toBe(clock.now.getTime() + 1_000);
    const otherRunner = new SagaRunner(context(), everyKind(saga));
    const dueNow = await resumeDuePayments(context(), otherRunner);
    expect(dueNow).toBe(0);
    // Its runner went silent past the lease (as a crashed process would): recovery takes over.
    clock.now = new Date(clock.now.getTime() + 1_001);
    expect(await resumeDuePayments(context(), otherRunner)).toBeGreaterThanOrEqual(1);
    expect((await otherRunner.advance(id)).state).toBe("COMPLETED");
    release();
    expect((await running).terminal).toBe(true);
  });
});

describe("recovery across replicas", () => {
  /** A replica: its own runner, whose one-step saga notes which payments it ran. */
  function replica(ran: string[]) {
    const saga: SagaDefinition = [{ name: "ONLY", movesMoney: true, run: (_context, payment) => { ran.push(payment._id); return Promise.resolve({}); } }];
    return new SagaRunner(context(), everyKind(saga));
  }

  it("resumes a due payment on one replica only, however many look at once", async () => {
    const id = await newPayment();
    const ran: string[] = [];
    const replicas = [replica(ran), replica(ran), replica(ran)];
    await Promise.all(replicas.map((runner) => resumeDuePayments(context(), runner)));
    expect(ran.filter((paymentId) => paymentId === id)).toEqual([id]);
    const payment = (await models.payments.findById(id).lean())!;
    expect([payment.state, names(payment)]).toEqual(["COMPLETED", ["RISK_CHECKED", "ONLY", "COMPLETED"]]);
    expect(await models.resumeClaims.countDocuments({ paymentId: id })).toBe(1);
  });

  it("holds a payment claimed by a replica that then died only until the lease window ends", async () => {
    const id = await newPayment();
    const due = (await models.payments.findById(id).lean())!.nextAttemptAt;
    // The dead replica's claim on this due time, in the current lease window (1 s in these tests).
    const window = Math.floor(clock.now.getTime() / 1_000);
    await models.resumeClaims.create({ _id: `${id}:${due.getTime()}:${window}`, paymentId: id, at: clock.now });
    const ran: string[] = [];
    await resumeDuePayments(context(), replica(ran));
    expect(ran).not.toContain(id);
    clock.now = new Date(clock.now.getTime() + 1_000);
    await resumeDuePayments(context(), replica(ran));
    expect(ran.filter((paymentId) => paymentId === id)).toEqual([id]);
  });
});

describe("a backlog of due payments", () => {
  it("is resumed several at once, not one after another", async () => {
    const backlog = [await newPayment(), await newPayment(), await newPayment()];
    const arrived = new Set<string>();
    let allArrived: () => void = () => undefined;
    const everyoneHere = new Promise<void>((resolve) => { allArrived = resolve; });
    // Each payment of the backlog waits in its step until all three are in theirs: resumed one
    // at a time, the first would give up after two seconds and none would complete.
    const saga: SagaDefinition = [{
      name: "ONLY",
      movesMoney: true,
      run: async (_context, payment) => {
        if (!backlog.includes(payment._id)) return {};
        arrived.add(payment._id);
        if (arrived.size === backlog.length) allArrived();
        await Promise.race([everyoneHere, new Promise((_resolve, reject) => setTimeout(() => reject(new Error("resumed alone")), 2_000))]);
        return {};
      },
    }];
    expect(await resumeDuePayments(context(), new SagaRunner(context(), everyKind(saga)))).toBeGreaterThanOrEqual(backlog.length);
    const states = await Promise.all(backlog.map(async (id) => (await models.payments.findById(id).lean())!.state));
    expect(states).toEqual(["COMPLETED", "COMPLETED", "COMPLETED"]);
  });
});
