import { type Attributes, type Counter, type Histogram, type MeterProvider, metrics } from "@opentelemetry/api";

/**
 * Instruments are created on first use, not at module load, and again if the global meter
 * provider changed: the metrics API has no proxy provider, so an instrument taken before the
 * SDK registered its provider would stay a no-op for good.
 */
function lazily<Instrument>(create: (provider: MeterProvider) => Instrument): () => Instrument {
  let made: { provider: MeterProvider; instrument: Instrument } | undefined;
  return () => {
    const provider = metrics.getMeterProvider();
    if (made?.provider !== provider) made = { provider, instrument: create(provider) };
    return made.instrument;
  };
}

const METER = "wallet-platform";

/**
 * A counter of business events (`wallet.*`). Attributes must be low-cardinality codes — states,
 * kinds, reasons — never user ids, amounts or anything personal.
 */
export interface BusinessCounter {
  add(attributes: Attributes, value?: number): void;
}

export function businessCounter(name: string, description: string, unit = "{event}"): BusinessCounter {
  const counter = lazily<Counter>((provider) => provider.getMeter(METER).createCounter(name, { description, unit }));
  return { add: (attributes, value = 1) => counter().add(value, attributes) };
}

/** Bucket boundaries (ms) for call durations: a gate check takes a few ms, a saga hundreds. */
export const DURATION_BUCKETS_MS = [1, 2, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1_000, 2_500, 5_000, 10_000];

export interface DurationHistogram {
  record(milliseconds: number, attributes: Attributes): void;
}

export function durationHistogram(name: string, description: string, boundaries: number[] = DURATION_BUCKETS_MS): DurationHistogram {
  const histogram = lazily<Histogram>((provider) => provider.getMeter(METER).createHistogram(name, {
    description,
    unit: "ms",
    advice: { explicitBucketBoundaries: boundaries },
  }));
  return { record: (milliseconds, attributes) => histogram().record(milliseconds, attributes) };
}
