// `node scripts/stack/stack-ctl.mjs stop|start <service> <state-file>`: used by e2e suites to take one
// service of a running stack away and bring it back.
import { loadState, spawnService, stopService, waitReady } from './stack.mjs';

const [action, name, file] = process.argv.slice(2);
const state = loadState(file);
if (action === 'stop') stopService(state, name);
else if (action === 'start') {
  spawnService(state, name);
  if (name === 'gateway') await waitReady(state.baseUrl);
} else {
  console.error('usage: stack-ctl.mjs stop|start <service> <state-file>');
  process.exit(2);
}
