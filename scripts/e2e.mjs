// Runs the dashboard's browser suite against the real stack: fresh database, every service as a real
// process, Debian's Chromium. Stops everything afterwards, whatever the outcome.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root, startStack, stopStack } from './stack/stack.mjs';

const state = await startStack({ label: 'e2e', extraEnv: { DEMO_FAULTS: 'true', ANONYMOUS_LOOPBACK: 'false' } });
const ctl = (action) => `node ${join(root, 'scripts/stack/stack-ctl.mjs')} ${action} gateway ${state.file}`;
let status = 1;
try {
  const run = spawnSync('npm', ['run', 'test:e2e', '-w', '@emissions/dashboard', '--', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      E2E_BASE_URL: state.baseUrl,
      // The stack runs without anonymous loopback access: the suite signs in, and its node client sends this key.
      E2E_ADMIN_API_KEY: state.adminKey,
      E2E_STOP_API_COMMAND: ctl('stop'),
      E2E_START_API_COMMAND: ctl('start'),
    },
  });
  status = run.status ?? 1;
} finally {
  await stopStack(state);
}
process.exit(status);
