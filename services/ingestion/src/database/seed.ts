import 'reflect-metadata';
import { IngestV1RequestSchema } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { IngestBatchHandler } from '../ingestion/commands/ingest-batch.handler';
import { type DemoSite, seedBatches } from './seed-readings';

/** Fixed ids and names; readings relative to now (see seed-readings.ts), keyed so a rerun replays. */
const DEMO_SITES: DemoSite[] = [
  {
    id: '5e6f1a2b-0000-4000-8000-000000000001',
    name: 'Permian Well Pad 7',
    limit: '50000',
    kgPerHour: 2.5,
    metadata: { kind: 'well_pad', basin: 'Permian' },
  },
  {
    id: '5e6f1a2b-0000-4000-8000-000000000002',
    name: 'North Sea Processing Plant',
    limit: '12000',
    kgPerHour: 3.2,
    metadata: { kind: 'processing_plant' },
  },
  {
    id: '5e6f1a2b-0000-4000-8000-000000000003',
    name: 'Marcellus Compressor Station',
    limit: '8000',
    kgPerHour: 0.9,
    metadata: { kind: 'compressor_station' },
  },
];

export async function seed(): Promise<{ sites: number; batchesReplayed: number; batchesWritten: number }> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ metricsEndpoint: false, logLevel: 'warn' }), {
    logger: ['error', 'warn'],
  });
  try {
    const em = app.get(EntityManager).fork();
    const ingest = app.get(IngestBatchHandler);
    let replayed = 0;
    let written = 0;
    for (const site of DEMO_SITES) {
      await em.execute(`INSERT INTO sites (id, name, emission_limit, metadata) VALUES (?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING`, [
        site.id,
        site.name,
        site.limit,
        JSON.stringify(site.metadata),
      ]);
      for (const batch of seedBatches(site, new Date())) {
        const parsed = IngestV1RequestSchema.parse({ site_id: site.id, readings: batch.readings });
        const result = await ingest.execute({
          site_id: site.id,
          client_id: 'operator',
          idempotency_key: batch.key,
          api_version: 1,
          request_id: 'seed',
          readings: parsed.readings,
        });
        if (result.replayed) replayed++;
        else written++;
      }
    }
    return { sites: DEMO_SITES.length, batchesReplayed: replayed, batchesWritten: written };
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  seed()
    .then((r) => console.log(`seed: ${r.sites} demo sites; ${r.batchesWritten} batches written, ${r.batchesReplayed} already present`))
    .catch((err: unknown) => {
      console.error(`seed failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
