import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  crashLooping,
  defaultServices,
  formatTimings,
  globalComposeArgs,
  parseComposePs,
  readmeComposeCommand,
  stackProblems,
} from './stack-state.mjs';

const root = new URL('../../', import.meta.url).pathname;
const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8'), { merge: true });

describe('readmeComposeCommand', () => {
  it('finds the fenced `docker compose … up` line and splits it into argv', () => {
    const readme =
      'text `docker compose up` inline\n```bash\ndocker compose logs\ndocker compose --env-file a.env up --build --wait\n```\n';
    expect(readmeComposeCommand(readme)).toEqual(['docker', 'compose', '--env-file', 'a.env', 'up', '--build', '--wait']);
  });

  it('ignores commands outside code fences', () => {
    expect(() => readmeComposeCommand('docker compose up\n')).toThrow(/no fenced/);
  });

  it('refuses a command it could not run as written (quotes, variables, pipes)', () => {
    expect(() => readmeComposeCommand('```\ndocker compose up $FLAGS\n```\n')).toThrow(/plain argv/);
  });

  it('the repository README documents one, with the env file it needs', () => {
    const argv = readmeComposeCommand(readFileSync(`${root}README.md`, 'utf8'));
    expect(argv.slice(0, 2)).toEqual(['docker', 'compose']);
    expect(globalComposeArgs(argv)).toEqual(['--env-file', 'deploy/compose/development.env']);
  });
});

describe('defaultServices', () => {
  it('splits one-shot jobs (awaited with service_completed_successfully) from long-running services, without profiles', () => {
    const { oneShot, longRunning } = defaultServices(compose);
    expect(oneShot).toEqual(['migrate']);
    expect(longRunning).toEqual(['postgres', 'redis', 'ingestion', 'alerting', 'relay', 'gateway']);
  });
});

describe('parseComposePs', () => {
  it('reads one JSON object per line (Compose ≥ 2.21) and a JSON array (earlier)', () => {
    const lines = '{"Service":"a","State":"running"}\n{"Service":"b","State":"exited","ExitCode":1}\n';
    expect(parseComposePs(lines).map((c) => c.Service)).toEqual(['a', 'b']);
    expect(parseComposePs('[{"Service":"a","State":"running"}]')).toHaveLength(1);
    expect(parseComposePs('  \n')).toEqual([]);
  });
});

describe('stackProblems', () => {
  const healthy = [
    { Service: 'postgres', State: 'running', Health: 'healthy' },
    { Service: 'redis', State: 'running', Health: 'healthy' },
    { Service: 'migrate', State: 'exited', ExitCode: 0 },
    { Service: 'ingestion', State: 'running', Health: 'healthy' },
    { Service: 'alerting', State: 'running', Health: 'healthy' },
    { Service: 'relay', State: 'running', Health: 'healthy' },
    { Service: 'gateway', State: 'running', Health: 'healthy' },
  ];

  it('finds nothing wrong with a healthy stack', () => {
    expect(stackProblems(compose, healthy)).toEqual([]);
  });

  it('names a restarting service, an unhealthy one, a failed one-shot job and a missing container', () => {
    const ps = healthy
      .filter((c) => c.Service !== 'gateway')
      .map((c) => {
        if (c.Service === 'ingestion')
          return { ...c, State: 'restarting', Health: undefined, ExitCode: 1, Status: 'Restarting (1) 2 seconds ago' };
        if (c.Service === 'relay') return { ...c, Health: 'unhealthy', Status: 'Up 1 minute (unhealthy)' };
        if (c.Service === 'migrate') return { ...c, ExitCode: 1 };
        return c;
      });
    const problems = stackProblems(compose, ps);
    expect(problems.map((p) => p.service)).toEqual(['migrate', 'ingestion', 'relay', 'gateway']);
    expect(problems[0].problem).toMatch(/exited with code 1/);
    expect(problems[1].problem).toMatch(/restarting \(last exit code 1\)/);
    expect(problems[2].problem).toMatch(/unhealthy/);
    expect(problems[3].problem).toMatch(/no container/);
  });

  it('a one-shot job still running is not finished', () => {
    const ps = healthy.map((c) => (c.Service === 'migrate' ? { ...c, State: 'running' } : c));
    expect(stackProblems(compose, ps)).toEqual([{ service: 'migrate', problem: 'one-shot job is running, not finished' }]);
  });
});

describe('formatTimings', () => {
  it('prints every phase with its time, a mark for failed ones, and the total', () => {
    const text = formatTimings([
      { name: 'build', ms: 61_500, ok: true },
      { name: 'drive', ms: 2_000, ok: false },
    ]);
    expect(text).toContain('✓ build');
    expect(text).toContain('✗ drive');
    expect(text).toContain('61.5 s');
    expect(text).toMatch(/total\s+63\.5 s/);
  });
});

describe('crashLooping', () => {
  it('names services restarted at least the threshold number of times', () => {
    const inspect = 'postgres 0\ningestion 3\nrelay 1\ngateway 7\n\n';
    expect(crashLooping(inspect, 3)).toEqual([
      { service: 'ingestion', restarts: 3 },
      { service: 'gateway', restarts: 7 },
    ]);
    expect(crashLooping('', 3)).toEqual([]);
  });
});
