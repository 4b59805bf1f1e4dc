// @ts-check
// The Docker engine `npm run test:compose` talks to: the one that answers already (DOCKER_HOST, or the default
// socket), else a private daemon this run starts and stops again (by its own pid file, never by name). The private
// daemon runs as root with --storage-driver=vfs (no overlay mounts needed) and --iptables=false --ip-masq=false (it
// never touches the host's firewall), so its containers have no outbound NAT: images are built with the host's
// network (`build.network: host` in docker-compose.yml). Its data root lives in the cache directory, so base images
// and the build cache survive between runs on this machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run, tryRun, waitFor } from './process-runner.mjs';

/** Where state that is worth keeping between runs lives (CI on this machine keeps it: it is outside the clone). */
export const CACHE_DIR = process.env.COMPOSE_TEST_CACHE ?? '/var/cache/emissions-compose';
/** Sockets and pid files of the private daemon (short paths: unix socket paths are limited to 108 bytes). */
export const RUN_DIR = process.env.COMPOSE_TEST_RUN_DIR ?? '/run/emissions-compose';

/**
 * The environment every docker command of this run gets.
 * @param {{ dockerHost?: string, dockerConfig?: string }} engine
 * @param {NodeJS.ProcessEnv} [base]
 */
export function dockerEnv(engine, base = process.env) {
  const env = { ...base };
  if (engine.dockerHost) env.DOCKER_HOST = engine.dockerHost;
  if (engine.dockerConfig) env.DOCKER_CONFIG = engine.dockerConfig;
  return env;
}

/** @param {NodeJS.ProcessEnv} env */
function answers(env) {
  return tryRun('docker', ['version', '--format', '{{.Server.Version}}'], { env, timeoutMs: 10_000 }).ok;
}

/** Installs Debian packages when a command is missing (root only; CI and this machine run as root). */
function ensureDebianPackages(/** @type {Record<string, string>} */ commandToPackage) {
  const missing = Object.entries(commandToPackage)
    .filter(([command]) => !tryRun('sh', ['-c', `command -v ${command}`]).ok)
    .map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  console.log(`installing Debian packages: ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq'], { timeoutMs: 300_000 });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeoutMs: 600_000,
  });
}

/**
 * A daemon that answers: the caller's, or a private one started now.
 * @returns {Promise<{ dockerHost?: string, started: boolean, pidFile?: string, describe: string }>}
 */
export async function ensureDaemon() {
  if (answers(process.env)) return { started: false, describe: `existing daemon (${process.env.DOCKER_HOST ?? 'default socket'})` };
  ensureDebianPackages({ docker: 'docker.io', dockerd: 'docker.io' });
  if (answers(process.env)) return { started: false, describe: 'existing daemon (default socket)' };
  mkdirSync(RUN_DIR, { recursive: true });
  const socket = join(RUN_DIR, 'docker.sock');
  const dockerHost = `unix://${socket}`;
  const pidFile = join(RUN_DIR, 'docker.pid');
  if (answers({ ...process.env, DOCKER_HOST: dockerHost })) {
    // Left by an earlier run that was interrupted: use it, and leave it to whoever started it.
    return { dockerHost, started: false, describe: `private daemon already running (${dockerHost})` };
  }
  // A daemon of an earlier run that is alive but slow to answer (a loaded machine) owns the socket: a second
  // dockerd on the same socket and data root would fight it. Its pid file is the evidence; wait for it instead.
  const earlier = livePid(pidFile);
  if (earlier) {
    const env = { ...process.env, DOCKER_HOST: dockerHost };
    await waitFor(() => answers(env), { timeoutMs: 120_000, what: `the private dockerd already running (pid ${earlier}) to answer` });
    return { dockerHost, started: false, describe: `private daemon already running (${dockerHost}, pid ${earlier})` };
  }
  const dataRoot = join(CACHE_DIR, 'docker');
  mkdirSync(dataRoot, { recursive: true });
  const log = join(RUN_DIR, 'dockerd.log');
  rmSync(pidFile, { force: true });
  const args = [
    '--storage-driver=vfs',
    '--iptables=false',
    '--ip-masq=false',
    `--data-root=${dataRoot}`,
    `--exec-root=${join(RUN_DIR, 'exec')}`,
    `-H`,
    dockerHost,
    `--pidfile=${pidFile}`,
  ];
  // setsid + nohup: the daemon outlives neither this run (stopped below) nor depends on this terminal.
  run('sh', ['-c', `setsid nohup dockerd ${args.map((a) => `'${a}'`).join(' ')} >'${log}' 2>&1 &`]);
  const env = { ...process.env, DOCKER_HOST: dockerHost };
  await waitFor(() => answers(env), { timeoutMs: 60_000, what: `dockerd to answer on ${socket} (log: ${log})` });
  return { dockerHost, started: true, pidFile, describe: `private daemon started (${dockerHost}, data root ${dataRoot})` };
}

/** The pid a pid file names when that process is alive, else undefined. */
function livePid(/** @type {string} */ pidFile) {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 1) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * Stops the daemon this run started, by the pid in its own pid file, and waits for it to exit.
 * @param {{ started: boolean, pidFile?: string }} daemon
 */
export async function stopDaemon(daemon) {
  if (!daemon.started || !daemon.pidFile || !existsSync(daemon.pidFile)) return;
  const pid = Number(readFileSync(daemon.pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  await waitFor(
    () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    },
    { timeoutMs: 30_000, what: `dockerd (pid ${pid}) to exit` },
  );
}

/**
 * Compose v2 (`docker compose`). When the client has no compose plugin, Debian's docker-compose 2.x package
 * (the Compose v2 CLI plugin, from the next Debian release: bookworm only has the Python 1.29) is fetched with
 * apt-get under a private configuration (the host's apt sources are untouched) and unpacked into a private
 * DOCKER_CONFIG/cli-plugins in the cache.
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ dockerConfig?: string, version: string }}
 */
export function ensureCompose(env) {
  const existing = tryRun('docker', ['compose', 'version', '--short'], { env });
  if (existing.ok) return { version: existing.stdout.trim() };
  const dockerConfig = join(CACHE_DIR, 'docker-config');
  const plugin = join(dockerConfig, 'cli-plugins', 'docker-compose');
  if (!existsSync(plugin)) installComposePlugin(dockerConfig);
  const version = run('docker', ['compose', 'version', '--short'], { env: { ...env, DOCKER_CONFIG: dockerConfig } }).stdout.trim();
  return { dockerConfig, version };
}

/** @param {string} dockerConfig */
function installComposePlugin(dockerConfig) {
  const apt = join(CACHE_DIR, 'apt-compose');
  for (const dir of ['lists/partial', 'cache/archives/partial', 'debs', 'unpacked']) mkdirSync(join(apt, dir), { recursive: true });
  const sources = join(apt, 'sources.list');
  run('sh', [
    '-c',
    `echo 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main' > '${sources}'`,
  ]);
  const options = [
    `-o=Dir::Etc::SourceList=${sources}`,
    '-o=Dir::Etc::SourceParts=/nonexistent',
    `-o=Dir::State::Lists=${join(apt, 'lists')}`,
    `-o=Dir::Cache=${join(apt, 'cache')}`,
    '-o=Dir::State::status=/dev/null',
    '-o=APT::Sandbox::User=root',
  ];
  console.log('installing the Compose v2 CLI plugin from Debian (package docker-compose, trixie) into', dockerConfig);
  run('apt-get', [...options, 'update', '-qq'], { timeoutMs: 300_000 });
  run('apt-get', [...options, 'download', 'docker-compose'], { cwd: join(apt, 'debs'), timeoutMs: 300_000 });
  const deb = spawnSync('sh', ['-c', `ls -t '${join(apt, 'debs')}'/docker-compose_*.deb | head -n1`], { encoding: 'utf8' }).stdout.trim();
  run('dpkg-deb', ['-x', deb, join(apt, 'unpacked')]);
  mkdirSync(join(dockerConfig, 'cli-plugins'), { recursive: true });
  run('cp', [join(apt, 'unpacked/usr/libexec/docker/cli-plugins/docker-compose'), join(dockerConfig, 'cli-plugins/docker-compose')]);
}
