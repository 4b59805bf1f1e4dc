import {
  SITES_SNAPSHOT_EVENT,
  SNAPSHOT_COMPLETE_EVENT,
  SNAPSHOT_UNAVAILABLE_EVENT,
  type SitesSnapshot,
  type StreamQuery,
  StreamQuerySchema,
} from '@emissions/contracts';
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { IngestionClient } from '../clients/ingestion.client';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { compareStreamIds, isStreamId, SITE_UPDATED_EVENT, type SiteUpdateEntry } from './site-update.entry';
import { snapshotEvents } from './site-snapshot';
import { SiteUpdatesHub } from './site-updates.hub';
import { ApiOperation, ApiTag, UPSTREAM_PROBLEMS } from '../openapi/api-operation.decorator';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';

/**
 * Server-Sent Events: `site.updated` for every committed batch and `alert.changed` for every alert raised,
 * acknowledged or resolved, `id:` = the Redis stream entry id so a
 * reconnecting client resumes with Last-Event-ID. Live entries that arrive during the replay are held
 * back and de-duplicated by id, so the client sees each entry once and in order. A client without
 * Last-Event-ID first gets a snapshot of every active site's current total: one `site.updated` per site, or with
 * `?snapshot=single` one `sites.snapshot` event holding them all (`?snapshot=none`: no snapshot).
 */
@ApiTag('Alerts')
@Controller(['api/v1/stream', 'api/stream'])
export class StreamController {
  constructor(
    private readonly hub: SiteUpdatesHub,
    private readonly ingestion: IngestionClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  @ApiOperation('streamSiteUpdates', 'Live site updates (server-sent events)', {
    description:
      'A `site.updated` event reaches subscribers within a second of a batch committing; its `data` is a JSON ' +
      '[SiteUpdatedEvent](#/components/schemas/SiteUpdatedEvent). The stream stays open; reconnect with backoff when it ends. ' +
      'A client without `Last-Event-ID` first receives a snapshot of every active site: one `site.updated` per site (carrying ' +
      "the site's overview row as `site`) then `snapshot.complete`, or with `snapshot=single` one `sites.snapshot` event " +
      '(`{ "sites": [...], "truncated": false }`), or with `snapshot=none` nothing; `snapshot.unavailable` when the sites could not be read.',
    success: {
      description: 'An open text/event-stream.',
      media: {
        type: 'text/event-stream',
        schema: {
          type: 'string',
          description:
            'Events `site.updated` whose data is a SiteUpdatedEvent as JSON, and `alert.changed` (an alert raised, acknowledged or resolved) whose data is an AlertChangedEvent.',
          examples: [
            'event: site.updated\ndata: {"site_id":"6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01","total_emissions_to_date":"1234.5","compliance_status":"Within Limit"}\n\n',
          ],
        },
      },
    },
    problems: UPSTREAM_PROBLEMS,
  })
  @Get()
  async stream(
    @Req() req: Request,
    @Res() res: Response,
    @Query(new ZodValidationPipe(StreamQuerySchema)) query: StreamQuery,
  ): Promise<void> {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 3000\n\n');

    const resumeFrom = req.header('last-event-id');
    let lastSent = isStreamId(resumeFrom) ? resumeFrom : '0-0';
    let held: SiteUpdateEntry[] | undefined = [];
    const send = (entry: SiteUpdateEntry) => {
      if (compareStreamIds(entry.id, lastSent) <= 0) return;
      lastSent = entry.id;
      res.write(`event: ${entry.event ?? SITE_UPDATED_EVENT}\nid: ${entry.id}\ndata: ${entry.data}\n\n`);
    };
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.env.STREAM_HEARTBEAT_MS);
    const unsubscribe = this.hub.subscribe({ onEntry: (e) => (held ? held.push(e) : send(e)), onClose: () => res.end() });
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });

    if (isStreamId(resumeFrom)) {
      // Best effort: if Redis is down the client still gets live entries once it is back.
      for (const entry of await this.hub.readAfter(resumeFrom).catch(() => [])) send(entry);
    } else if (query.snapshot !== 'none') {
      this.writeSnapshot(res, await this.ingestion.siteSnapshot().catch(() => null), query.snapshot);
    }
    const pending = held;
    held = undefined;
    for (const entry of pending) send(entry);
  }

  /**
   * A fresh client gets a snapshot first (events without id, so its resume point stays a stream id): all in one
   * event, or one per site and then a marker saying it is whole, so the client can draw every row at once and
   * never asks per site.
   */
  private writeSnapshot(res: Response, snapshot: SitesSnapshot | null, shape: 'per-site' | 'single'): void {
    if (snapshot === null) {
      res.write(`event: ${SNAPSHOT_UNAVAILABLE_EVENT}\ndata: {}\n\n`);
      return;
    }
    if (shape === 'single') {
      res.write(`event: ${SITES_SNAPSHOT_EVENT}\ndata: ${JSON.stringify(snapshot)}\n\n`);
      return;
    }
    const events = snapshotEvents(snapshot);
    const chunk = events.map((event) => `event: ${SITE_UPDATED_EVENT}\ndata: ${JSON.stringify(event)}\n\n`).join('');
    res.write(`${chunk}event: ${SNAPSHOT_COMPLETE_EVENT}\ndata: ${JSON.stringify({ sites: events.length })}\n\n`);
  }
}
