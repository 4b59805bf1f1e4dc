// `node scripts/supervisor/supervise-stack.mjs <state-file>`: runs a test or benchmark stack (scripts/stack) under the
// same ProcessSupervisor as `npm start`. Each service's output goes to its log file; the live pids and restart
// counts are written to `<run dir>/supervisor.json` for the tests that kill services; SIGTERM stops it all.
import { createWriteStream, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadState, root } from '../stack/stack.mjs';
import { ProcessSupervisor } from './process-supervisor.mjs';
import { loadSupervisorConfig } from './supervisor-config.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: supervise-stack.mjs <state-file>');
  process.exit(2);
}
const state = loadState(file);
const statusFile = join(dirname(file), 'supervisor.json');
const nodeArgs = (process.env.STACK_NODE_ARGS ?? '').split(' ').filter(Boolean);
const logs = new Map(Object.entries(state.services).map(([name, svc]) => [name, createWriteStream(svc.log, { flags: 'a' })]));

const supervisor = new ProcessSupervisor(
  Object.entries(state.services).map(([name, svc]) => ({
    name,
    command: 'node',
    args: [...nodeArgs, join(root, svc.dir, 'dist/main.js')],
    cwd: root,
    env: { ...process.env, ...state.env, ...svc.env },
  })),
  {
    config: loadSupervisorConfig({ ...process.env, ...state.env }),
    onLine: (name, line) => logs.get(name)?.write(`${line}\n`),
    report: (line) => console.log(line),
    onStatus: (services) => writeStatus({ pid: process.pid, services }),
  },
);

/** Written whole and renamed, so a reader never sees half a file. */
function writeStatus(status) {
  writeFileSync(`${statusFile}.tmp`, JSON.stringify(status));
  renameSync(`${statusFile}.tmp`, statusFile);
}
process.on('SIGINT', () => supervisor.stop(0));
process.on('SIGTERM', () => supervisor.stop(0));
supervisor.done.then((code) => {
  for (const log of logs.values()) log.end();
  writeStatus({ pid: process.pid, services: supervisor.status(), exitCode: code });
  process.exit(code);
});
await supervisor.start();
