import {
  type SensorBreakdown,
  SensorBreakdownSchema,
  type SiteSensorsQuery,
  type FleetReport,
  type FleetReportQuery,
  FleetReportSchema,
  type ReadingsCsvChunk,
  type ReadingsCsvChunkQuery,
  ReadingsCsvChunkSchema,
  type ReadingsPage,
  type ReadingsPageQuery,
  ReadingsPageSchema,
  SiteReportSchema,
  type SiteReportQuery,
  type ArchiveSiteCommand,
  type PatchSiteCommand,
  type SiteChangeList,
  SiteChangeListSchema,
  type SiteMetricsQuery,
  type CreateDeviceKeyCommand,
  type CreatedDeviceKey,
  CreatedDeviceKeySchema,
  type DeviceKey,
  type DeviceKeyList,
  DeviceKeyListSchema,
  DeviceKeySchema,
  type DeviceKeyVerdict,
  DeviceKeyVerdictSchema,
  type IngestBatchCommand,
  type IngestBatchResult,
  IngestBatchResultSchema,
  IngestionPatterns,
  OutboxStatsSchema,
  type ListSitesQuery,
  type CreateSiteRequest,
  type Site,
  type SiteList,
  SiteListSchema,
  type SiteMetrics,
  SiteMetricsSchema,
  SiteSchema,
  type SitesSnapshot,
  SitesSnapshotSchema,
  type VerifyDeviceKeyQuery,
} from '@emissions/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import type { z } from 'zod';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { ServiceClient } from './service-client';
import { ShortLivedResult } from './short-lived-result';

export const INGESTION_PROXY = Symbol('INGESTION_PROXY');

/** The ingestion service's part of a site report: everything but the alerts, which alerting owns. */
const SiteReportFiguresWithMonthsSchema = SiteReportSchema.omit({ alerts: true, events: true });
export type SiteReportFiguresWithMonths = z.infer<typeof SiteReportFiguresWithMonthsSchema>;

/**
 * Typed calls to the ingestion service. Every answer is validated with the shared schema, and every
 * failure leaves as a ProblemError, so callers never see transport details.
 */
@Injectable()
export class IngestionClient extends ServiceClient {
  private readonly outboxStats: ShortLivedResult<number>;

  constructor(@Inject(INGESTION_PROXY) proxy: ClientProxy, @Inject(GATEWAY_ENV) env: GatewayEnv) {
    super('ingestion', IngestionPatterns.ping, proxy, env);
    this.outboxStats = new ShortLivedResult(env.HEALTH_CACHE_MS);
  }

  createSite(request: CreateSiteRequest): Promise<Site> {
    return this.call(IngestionPatterns.createSite, request, SiteSchema);
  }

  getSite(id: string): Promise<Site> {
    return this.call(IngestionPatterns.getSite, { id }, SiteSchema);
  }

  listSites(query: ListSitesQuery): Promise<SiteList> {
    return this.call(IngestionPatterns.listSites, query, SiteListSchema);
  }

  siteSnapshot(): Promise<SitesSnapshot> {
    return this.call(IngestionPatterns.siteSnapshot, {}, SitesSnapshotSchema);
  }

  siteMetrics(query: SiteMetricsQuery): Promise<SiteMetrics> {
    return this.call(IngestionPatterns.siteMetrics, query, SiteMetricsSchema);
  }

  patchSite(command: PatchSiteCommand): Promise<Site> {
    return this.call(IngestionPatterns.patchSite, command, SiteSchema);
  }

  archiveSite(command: ArchiveSiteCommand): Promise<Site> {
    return this.call(IngestionPatterns.archiveSite, command, SiteSchema);
  }

  siteReport(query: SiteReportQuery): Promise<SiteReportFiguresWithMonths> {
    return this.call(IngestionPatterns.siteReport, query, SiteReportFiguresWithMonthsSchema);
  }

  fleetReport(query: FleetReportQuery): Promise<FleetReport> {
    return this.call(IngestionPatterns.fleetReport, query, FleetReportSchema);
  }

  readingsPage(query: ReadingsPageQuery): Promise<ReadingsPage> {
    return this.call(IngestionPatterns.readingsPage, query, ReadingsPageSchema);
  }

  readingsCsvChunk(query: ReadingsCsvChunkQuery): Promise<ReadingsCsvChunk> {
    return this.call(IngestionPatterns.readingsCsvChunk, query, ReadingsCsvChunkSchema);
  }

  siteSensors(query: SiteSensorsQuery): Promise<SensorBreakdown> {
    return this.call(IngestionPatterns.siteSensors, query, SensorBreakdownSchema);
  }

  siteChanges(id: string): Promise<SiteChangeList> {
    return this.call(IngestionPatterns.siteChanges, { id }, SiteChangeListSchema);
  }

  ingestBatch(command: IngestBatchCommand): Promise<IngestBatchResult> {
    return this.call(IngestionPatterns.ingestBatch, command, IngestBatchResultSchema);
  }

  createDeviceKey(command: CreateDeviceKeyCommand): Promise<CreatedDeviceKey> {
    return this.call(IngestionPatterns.createDeviceKey, command, CreatedDeviceKeySchema);
  }

  listDeviceKeys(siteId: string): Promise<DeviceKeyList> {
    return this.call(IngestionPatterns.listDeviceKeys, { site_id: siteId }, DeviceKeyListSchema);
  }

  revokeDeviceKey(siteId: string, keyId: string): Promise<DeviceKey> {
    return this.call(IngestionPatterns.revokeDeviceKey, { site_id: siteId, key_id: keyId }, DeviceKeySchema);
  }

  /** On every device-keyed request: no cache, so a revocation holds on the very next request at every replica. */
  verifyDeviceKey(query: VerifyDeviceKeyQuery): Promise<DeviceKeyVerdict> {
    return this.call(IngestionPatterns.verifyDeviceKey, query, DeviceKeyVerdictSchema);
  }

  /** The /metrics outbox gauge (a COUNT in the service): shared for HEALTH_CACHE_MS, so a scrape flood makes one query per interval. */
  outboxPending(timeoutMs = this.env.HEALTH_TIMEOUT_MS): Promise<number> {
    return this.outboxStats.get(async () => (await this.call(IngestionPatterns.outboxStats, {}, OutboxStatsSchema, timeoutMs)).pending);
  }
}
