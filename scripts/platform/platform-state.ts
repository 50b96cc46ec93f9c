// What a running `npm start` leaves in its data folder (.shopmind/platform.json): the launcher's pid
// and every process it started, so that a second start can say the platform is already running,
// and the reaper (reaper.ts) can stop the processes when the launcher dies without stopping them.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunningProcess {
  name: string;
  pid: number;
  /** Where it answers (a URL), for the "already running" message. */
  at: string;
  kind: 'service' | 'server';
}

export interface PlatformState {
  launcher: number;
  processes: RunningProcess[];
}

export const stateFile = (dataDir: string): string => join(dataDir, 'platform.json');

export function readState(dataDir: string): PlatformState | undefined {
  const file = stateFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PlatformState;
  } catch {
    return undefined; // half-written by a launcher that died mid-write: treated as absent
  }
}

export function writeState(dataDir: string, state: PlatformState): void {
  const file = stateFile(dataDir);
  writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
  renameSync(`${file}.tmp`, file);
}

export const clearState = (dataDir: string): void => rmSync(stateFile(dataDir), { force: true });

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when `pid` still runs the program recorded for it (not a process that reused the pid). */
export function stillRuns(p: RunningProcess): boolean {
  if (!isAlive(p.pid)) return false;
  try {
    const cmdline = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8');
    return p.kind === 'server' ? cmdline.includes(p.name) : cmdline.includes(`services/${p.name}/`);
  } catch {
    return true; // no /proc: trust the pid
  }
}

/** Stops the recorded processes: services first (they drain into NATS and Redis), then the servers. */
export async function stopRecorded(processes: RunningProcess[], graceMs = 15_000): Promise<void> {
  for (const kind of ['service', 'server'] as const) {
    const group = processes.filter((p) => p.kind === kind && stillRuns(p));
    for (const p of group) process.kill(p.pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (group.some((p) => isAlive(p.pid)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    for (const p of group) if (isAlive(p.pid)) process.kill(p.pid, 'SIGKILL');
  }
}
