import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { startPeriodicWork } from "../src/server/periodic-work";

describe("periodic work", () => {
  it("skips the ticks that find a round still running, instead of queueing them", async () => {
    let started = 0;
    let running = 0;
    let mostAtOnce = 0;
    let letGo!: () => void;
    const slowRoundEnds = new Promise<void>((resolve) => (letGo = resolve));
    const stop = startPeriodicWork(10, async () => {
      started += 1;
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      if (started === 1) await slowRoundEnds;
      running -= 1;
    }, () => undefined, { runNow: true });
    await sleep(120); // about a dozen ticks pass while the first round runs
    expect(started).toBe(1);
    letGo();
    await sleep(30);
    await stop();
    expect(mostAtOnce).toBe(1);
    // Had the skipped ticks been queued, a dozen rounds would have run back to back here.
    expect(started).toBeGreaterThan(1);
    expect(started).toBeLessThan(10);
  });

  it("reports a failed round and goes on with the next", async () => {
    const errors: unknown[] = [];
    let rounds = 0;
    const stop = startPeriodicWork(10, () => {
      rounds += 1;
      return rounds === 1 ? Promise.reject(new Error("store unreachable")) : Promise.resolve();
    }, (error) => errors.push(error), { runNow: true });
    await sleep(60);
    await stop();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain("store unreachable");
    expect(rounds).toBeGreaterThan(1);
  });

  it("stops only after the round in progress, and runs none after", async () => {
    let finished = false;
    let rounds = 0;
    const stop = startPeriodicWork(10, async () => {
      rounds += 1;
      await sleep(50);
      finished = true;
    }, () => undefined, { runNow: true });
    await sleep(5);
    await stop();
    expect(finished).toBe(true);
    const roundsAtStop = rounds;
    await sleep(40);
    expect(rounds).toBe(roundsAtStop);
  });

  it("waits for the first interval without runNow", async () => {
    let rounds = 0;
    const stop = startPeriodicWork(1_000, () => {
      rounds += 1;
      return Promise.resolve();
    }, () => undefined);
    await sleep(30);
    await stop();
    expect(rounds).toBe(0);
  });
});
