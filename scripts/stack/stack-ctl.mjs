// `node scripts/stack/stack-ctl.mjs stop|start <service> <state-file>`: used by e2e suites to take one
// service of a running stack away and bring it back. `… info <state-file>` prints where the stack's
// gateway listens and the operator key its clients send.
import { loadState, spawnService, stopService, waitReady } from './stack.mjs';

const [action, ...args] = process.argv.slice(2);
const file = args.at(-1);
const name = args.length === 2 ? args[0] : undefined;
const usage = () => {
  console.error('usage: stack-ctl.mjs stop|start <service> <state-file>\n       stack-ctl.mjs info <state-file>');
  process.exit(2);
};
if (!file || (action === 'info') !== (name === undefined)) usage();
const state = loadState(file);
if (action === 'info') {
  console.log(`gateway  ${state.baseUrl}`);
  console.log(`operator Authorization: Bearer ${state.adminKey}`);
  console.log(`example  curl -H 'Authorization: Bearer ${state.adminKey}' ${state.baseUrl}/api/v1/sites`);
} else if (action === 'stop') stopService(state, name);
else if (action === 'start') {
  spawnService(state, name);
  if (name === 'gateway') await waitReady(state.baseUrl);
} else usage();
