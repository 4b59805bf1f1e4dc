// What a compose service runs: the node scripts and npm scripts in its command (or the Dockerfile's CMD),
// checked against the workspace that would provide them. Paths are relative to the image's WORKDIR (/app),
// which holds the whole built workspace (see Dockerfile).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The simple commands of a compose `command`: an exec array, or a shell string / `sh -c` script split on && || ;. */
export function simpleCommands(command) {
  if (command === undefined || command === null) return [];
  if (Array.isArray(command) && ['sh', 'bash', '/bin/sh', '/bin/bash'].includes(command[0]) && command[1] === '-c') {
    return splitScript(command.slice(2).join(' '));
  }
  return Array.isArray(command) ? [command.map(String)] : splitScript(String(command));
}

function splitScript(script) {
  return script
    .split(/&&|\|\||;/)
    .map((part) => part.trim().split(/\s+/).filter(Boolean).map(unquote))
    .filter((argv) => argv.length > 0);
}

const unquote = (word) => word.replace(/^(['"])(.*)\1$/, '$2');

/** The last `CMD [...]` of the Dockerfile: what a service without a `command` runs. */
export function dockerfileCmd(root) {
  const file = join(root, 'Dockerfile');
  if (!existsSync(file)) return undefined;
  const cmds = readFileSync(file, 'utf8').match(/^CMD\s+(\[.*\])\s*$/gm) ?? [];
  return cmds.length ? JSON.parse(cmds.at(-1).replace(/^CMD\s+/, '')) : undefined;
}

/**
 * Checks one simple command. Returns the workspaces it runs (their env schemas apply to the service) and
 * the problems found: a `node` target that no `src/*.ts` compiles to, or an npm script that does not exist.
 */
export function checkCommand(argv, workspaces, root) {
  const [bin, ...args] = argv;
  if (bin === 'node') return checkNodeTarget(args, workspaces, root);
  if (bin === 'npm') return checkNpmScript(args, workspaces, root);
  return { workspaces: [], problems: [] };
}

function checkNodeTarget(args, workspaces, root) {
  if (args.some((a) => a === '-e' || a === '--eval' || a === '-p')) return { workspaces: [], problems: [] };
  const target = args.find((a) => !a.startsWith('-'));
  if (!target) return { workspaces: [], problems: ['`node` without a script'] };
  const ws = workspaces.find((w) => target.startsWith(`${w.dir}/`));
  if (!ws) return { workspaces: [], problems: [`node ${target}: not inside any workspace of package.json`] };
  const match = target.slice(ws.dir.length + 1).match(/^dist\/(.+)\.js$/);
  const build = readJson(join(root, ws.dir, 'tsconfig.build.json'));
  if (!match || build?.compilerOptions?.rootDir !== 'src' || build?.compilerOptions?.outDir !== 'dist') {
    return { workspaces: [ws], problems: [`node ${target}: not a dist/*.js that ${ws.dir}'s tsc build (src → dist) produces`] };
  }
  const problems = [];
  const source = join(ws.dir, 'src', `${match[1]}.ts`);
  if (!existsSync(join(root, source))) problems.push(`node ${target}: ${source} does not exist, so the build does not produce it`);
  else if (existsSync(join(root, ws.dir, 'dist')) && !existsSync(join(root, target))) {
    problems.push(`node ${target}: ${source} exists but the build did not produce ${target}`);
  }
  return { workspaces: [ws], problems };
}

function checkNpmScript(args, workspaces, root) {
  const wsArg = args.findIndex((a) => a === '-w' || a === '--workspace');
  const wsName = wsArg >= 0 ? args[wsArg + 1] : args.find((a) => a.startsWith('--workspace='))?.slice(12);
  const positional = args.filter((a, i) => !a.startsWith('-') && !(wsArg >= 0 && i === wsArg + 1));
  const [verb, name] = positional;
  const script = verb === 'run' || verb === 'run-script' ? name : ['start', 'test', 'stop', 'restart'].includes(verb) ? verb : undefined;
  if (!script) return { workspaces: [], problems: [] };
  const ws = wsName === undefined ? { dir: '.', name: 'the root package' } : workspaces.find((w) => w.name === wsName || w.dir === wsName);
  if (!ws) return { workspaces: [], problems: [`npm ${args.join(' ')}: no workspace "${wsName}"`] };
  const scripts = readJson(join(root, ws.dir, 'package.json'))?.scripts ?? {};
  const problems = scripts[script] ? [] : [`npm ${args.join(' ')}: ${ws.dir}/package.json has no script "${script}"`];
  return { workspaces: ws.dir === '.' ? [] : [ws], problems };
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}
