import { type OtlpAttribute, otlpAttributes } from "@wallet/trace-store";
/** One time series as the platform last exported it over OTLP (cumulative temporality). */
export interface CollectedSeries {
  service: string;
  /** The exporting process (a restarted process starts new series). */
  pid: number;
  name: string;
  unit: string;
  kind: "sum" | "gauge" | "histogram";
  attributes: Record<string, string | number | boolean>;
  /** Sums and gauges: the value; histograms: the sum of the recorded values. */
  value: number;
  /** Histograms: how many values were recorded. */
  count: number;
  bucketCounts: number[];
  explicitBounds: number[];
  timeNanos: bigint;
}

interface OtlpPoint {
  attributes?: OtlpAttribute[];
  timeUnixNano?: string | number;
  asInt?: string | number;
  asDouble?: number;
  count?: string | number;
  sum?: number;
  bucketCounts?: (string | number)[];
  explicitBounds?: number[];
}
interface OtlpMetric {
  name: string;
  unit?: string;
  sum?: { dataPoints?: OtlpPoint[] };
  gauge?: { dataPoints?: OtlpPoint[] };
  histogram?: { dataPoints?: OtlpPoint[] };
}
export interface OtlpMetrics {
  resourceMetrics?: { resource?: { attributes?: OtlpAttribute[] }; scopeMetrics?: { metrics?: OtlpMetric[] }[] }[];
}

/**
 * The metrics the processes under test pushed: the latest point of every series (they export
 * cumulative totals, so the latest point is the total so far), plus every point ever received
 * so a test can scan all labels that left a process.
 */
export class MetricStore {
  private readonly latest = new Map<string, CollectedSeries>();
  readonly received: CollectedSeries[] = [];

  ingest(body: OtlpMetrics): void {
    for (const resourceMetrics of body.resourceMetrics ?? []) {
      const resource = otlpAttributes(resourceMetrics.resource?.attributes);
      const service = String(resource["service.name"] ?? "");
      const pid = Number(resource["process.pid"] ?? 0);
      for (const scope of resourceMetrics.scopeMetrics ?? []) {
        for (const metric of scope.metrics ?? []) {
          const kind = metric.histogram ? "histogram" : metric.gauge ? "gauge" : "sum";
          for (const point of (metric.histogram ?? metric.gauge ?? metric.sum)?.dataPoints ?? []) {
            this.keep({
              service, pid, name: metric.name, unit: metric.unit ?? "", kind,
              attributes: otlpAttributes(point.attributes),
              value: kind === "histogram" ? point.sum ?? 0 : Number(point.asInt ?? point.asDouble ?? 0),
              count: Number(point.count ?? 0),
              bucketCounts: (point.bucketCounts ?? []).map(Number),
              explicitBounds: point.explicitBounds ?? [],
              timeNanos: BigInt(point.timeUnixNano ?? 0),
            });
          }
        }
      }
    }
  }

  /** The latest point of every series of a metric whose labels include `match`. */
  series(name: string, match: Record<string, string | number | boolean> = {}, service?: string): CollectedSeries[] {
    return [...this.latest.values()].filter((series) => series.name === name
      && (service === undefined || series.service === service)
      && Object.entries(match).every(([key, value]) => series.attributes[key] === value));
  }

  /** A counter's total over the matching series (of every process of a service, if given). */
  total(name: string, match: Record<string, string | number | boolean> = {}, service?: string): number {
    return this.series(name, match, service).reduce((sum, series) => sum + series.value, 0);
  }

  /** How many values a histogram recorded over the matching series. */
  count(name: string, match: Record<string, string | number | boolean> = {}, service?: string): number {
    return this.series(name, match, service).reduce((sum, series) => sum + series.count, 0);
  }

  private keep(series: CollectedSeries): void {
    this.received.push(series);
    const key = JSON.stringify([series.service, series.pid, series.name, Object.entries(series.attributes).sort(([a], [b]) => a.localeCompare(b))]);
    const previous = this.latest.get(key);
    if (!previous || previous.timeNanos <= series.timeNanos) this.latest.set(key, series);
  }
}
