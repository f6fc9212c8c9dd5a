// Samples this process's memory from /proc/self/status (Linux): the peak of anonymous memory (heaps,
// SQLite's page cache) and of file-backed pages (SQLite's memory-mapped database, loaded code)
// separately, which maxRSS lumps together.
import fs from 'node:fs';

export interface MemoryPeaks {
  rssAnonMb: number;
  rssFileMb: number;
  /** The main thread's V8 heap (heapTotal) and memory outside it (external: buffers, SQLite is not in it). */
  mainHeapMb?: number;
  externalMb?: number;
}

function read(): MemoryPeaks | null {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const m = process.memoryUsage();
    return { rssAnonMb: kb('RssAnon') / 1024, rssFileMb: kb('RssFile') / 1024, mainHeapMb: m.heapTotal / 1048576, externalMb: m.external / 1048576 };
  } catch {
    return null;
  }
}

/** Starts sampling every `everyMs`; stop() returns the peaks (null off Linux). */
export function sampleMemory(everyMs = 200): { stop: () => MemoryPeaks | null } {
  let peaks: MemoryPeaks | null = read();
  const timer = setInterval(() => {
    const now = read();
    if (now && peaks)
      peaks = {
        rssAnonMb: Math.max(peaks.rssAnonMb, now.rssAnonMb),
        rssFileMb: Math.max(peaks.rssFileMb, now.rssFileMb),
        mainHeapMb: Math.max(peaks.mainHeapMb ?? 0, now.mainHeapMb ?? 0),
        externalMb: Math.max(peaks.externalMb ?? 0, now.externalMb ?? 0),
      };
  }, everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return peaks;
    },
  };
}
