import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { basename } from "node:path";

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/** CPU seconds used so far by every process on the machine, with what it is. */
function cpuByProcess(): Map<string, { group: string; seconds: number }> {
  const processes = new Map<string, { group: string; seconds: number }>();
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces) start after the last ")".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ticks = Number(fields[11]) + Number(fields[12]);
      const command = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const group = command === "node" || command.startsWith("node") ? `node:${basename(readlinkSync(`/proc/${pid}/cwd`))}` : command.replace(/^postgres.*/, "postgres");
      processes.set(pid, { group, seconds: ticks / TICKS_PER_SECOND });
    } catch {
      // The process ended while we looked.
    }
  }
  return processes;
}

/**
 * Where the machine's CPU went between start and stop, in cores used on average, by process
 * group (each service by its folder, the store, PostgreSQL, the kernel's workers, the benchmark).
 */
export function cpuUsage() {
  const before = cpuByProcess();
  const started = performance.now();
  return {
    stop(): Record<string, number> {
      const seconds = (performance.now() - started) / 1000;
      const groups = new Map<string, number>();
      for (const [pid, { group, seconds: total }] of cpuByProcess()) {
        groups.set(group, (groups.get(group) ?? 0) + (total - (before.get(pid)?.seconds ?? 0)) / seconds);
      }
      const used = [...groups].filter(([, cores]) => cores >= 0.01).sort((left, right) => right[1] - left[1]);
      return Object.fromEntries(used.map(([group, cores]) => [group, Number(cores.toFixed(2))]));
    },
  };
}

/** CPU milliseconds each operation cost, by process group, from the cores used at a rate. */
export function msPerOperation(cores: Record<string, number>, perSecond: number): Record<string, number> {
  return Object.fromEntries(Object.entries(cores).map(([group, used]) => [group, Number(((used * 1000) / perSecond).toFixed(1))]));
}
