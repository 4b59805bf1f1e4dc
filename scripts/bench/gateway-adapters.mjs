// What Nest's HTTP adapter costs per request, apart from the gateway's own work: the same app (a global guard, a
// global interceptor, one POST route taking a 100-reading body and answering 201 with a small JSON object) on
// Nest + Express (the gateway's adapter) and on Nest + Fastify, beside bare `node:http` doing the JSON parse and
// answer alone. 16 keep-alive clients; server CPU µs per request from /proc/<pid>/stat, alternated rounds, median.
// Usage: node scripts/bench/gateway-adapters.mjs   (the Fastify variant needs the adapter, which the gateway does not
// depend on: `npm install --no-save @nestjs/platform-fastify@11.2.8` first; without it that variant is skipped)
import { fork } from 'node:child_process';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('../../gateway/package.json', import.meta.url));
const ROUNDS = 5;
const PER_ROUND = 5000;
const CLIENTS = 16;

const procCpuUs = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
};
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

if (process.argv[2] === 'server') {
  const port = await serve(process.argv[3]);
  process.send({ port });
} else {
  const available = ['node:http', 'nest+express'];
  try {
    require.resolve('@nestjs/platform-fastify');
    available.push('nest+fastify');
  } catch {
    console.log('nest+fastify skipped: `npm install --no-save @nestjs/platform-fastify@11.2.8` to measure it');
  }
  const servers = {};
  for (const kind of available) {
    const child = fork(fileURLToPath(import.meta.url), ['server', kind]);
    const { port } = await new Promise((resolve) => child.once('message', resolve));
    servers[kind] = { child, port };
    await load(port, 2000); // warm-up
  }
  const samples = Object.fromEntries(available.map((kind) => [kind, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of available) {
      const { child, port } = servers[kind];
      const before = procCpuUs(child.pid);
      await load(port, PER_ROUND);
      samples[kind].push((procCpuUs(child.pid) - before) / PER_ROUND);
    }
  }
  console.log(`server CPU µs per request (median of ${ROUNDS} rounds of ${PER_ROUND}, ${CLIENTS} clients):`);
  for (const kind of available)
    console.log(`  ${kind.padEnd(14)} ${median(samples[kind]).toFixed(0)}  (rounds: ${samples[kind].map((v) => v.toFixed(0)).join(', ')})`);
  for (const { child } of Object.values(servers)) child.kill();
}

async function serve(kind) {
  if (kind === 'node:http') {
    const server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const answer = JSON.stringify(accepted(body));
        res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
        res.end(answer);
      });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return server.address().port;
  }
  require('reflect-metadata');
  const { NestFactory, APP_GUARD, APP_INTERCEPTOR } = require('@nestjs/core');
  const { Module, Controller, Post, Body, HttpCode, Injectable } = require('@nestjs/common');
  const { tap } = require('rxjs');
  class BearerPresent {
    canActivate(context) {
      return typeof context.switchToHttp().getRequest().headers.authorization === 'string';
    }
  }
  Injectable()(BearerPresent);
  class Timed {
    intercept(_context, next) {
      const startedAt = performance.now();
      return next.handle().pipe(tap(() => performance.now() - startedAt));
    }
  }
  Injectable()(Timed);
  class IngestController {
    ingest(body) {
      return accepted(body);
    }
  }
  Controller('api/v1')(IngestController);
  const ingest = Object.getOwnPropertyDescriptor(IngestController.prototype, 'ingest');
  Reflect.decorate([Post('ingest'), HttpCode(201)], IngestController.prototype, 'ingest', ingest);
  Body()(IngestController.prototype, 'ingest', 0);
  class AppModule {}
  Module({
    controllers: [IngestController],
    providers: [
      { provide: APP_GUARD, useClass: BearerPresent },
      { provide: APP_INTERCEPTOR, useClass: Timed },
    ],
  })(AppModule);
  const app =
    kind === 'nest+fastify'
      ? await NestFactory.create(AppModule, new (require('@nestjs/platform-fastify').FastifyAdapter)(), { logger: false })
      : await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return app.getHttpServer().address().port;
}

function accepted(body) {
  return { batch_id: '00000000-0000-4000-8000-000000000000', accepted: body.readings.length, duplicates: 0 };
}

async function load(port, n) {
  const body = JSON.stringify({
    site_id: '00000000-0000-4000-8000-000000000001',
    readings: Array.from({ length: 100 }, (_, i) => ({
      sensor_id: `sensor-${i}`,
      timestamp: `2026-06-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`,
      value: '12.345',
    })),
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  let started = 0;
  let finished = 0;
  await new Promise((resolve, reject) => {
    const next = () => {
      if (started === n) return;
      started++;
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/ingest',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: 'Bearer bench' },
        },
        (response) => {
          if (response.statusCode !== 201) reject(new Error(`status ${response.statusCode}`));
          response.resume();
          response.on('end', () => (++finished === n ? resolve() : next()));
        },
      );
      request.on('error', reject);
      request.end(body);
    };
    for (let i = 0; i < CLIENTS; i++) next();
  });
  agent.destroy();
}
