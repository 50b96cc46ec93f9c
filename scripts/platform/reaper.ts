// Started by `npm start` in its own process group: when the launcher is gone without having stopped
// what it started (SIGKILL, a crash, a closed terminal that took only the launcher), stops every
// process recorded in the data folder's platform.json, services first, and clears the record.
// Usage: node reaper.js <launcher pid> <data dir>
import { clearState, isAlive, readState, stopRecorded } from './platform-state.js';

const [launcher, dataDir] = [Number(process.argv[2]), process.argv[3]!];

const timer = setInterval(() => {
  const state = readState(dataDir);
  // The launcher stopped everything itself (it clears the record), or a new launcher owns it.
  if (!state || state.launcher !== launcher) process.exit(0);
  if (isAlive(launcher)) return;
  clearInterval(timer);
  void stopRecorded(state.processes).then(() => {
    clearState(dataDir);
    process.exit(0);
  });
}, 500);
