import {
  type IngestBatchResult,
  type IngestResponse,
  type IngestV1Request,
  IngestV1RequestSchema,
  type IngestV2Request,
  IngestV2RequestSchema,
  type ProblemCode,
  plainIngestV1Request,
  plainIngestV2Request,
} from '@emissions/contracts';
import { Body, Controller, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow } from '../auth/access.decorator';
import { mayAccessSite, principalOf } from '../auth/principal';
import { IngestionClient } from '../clients/ingestion.client';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { INGEST_RESULT_LOCAL } from '../metrics/ingest-outcome';
import { ProblemError } from '../problems/problem.error';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';
import type { ApiVersion } from '../request-context/request-id';
import { JsonContentTypeGuard } from '../request-context/json-content-type.guard';
import { requestIdOf } from '../request-context/request-context.middleware';
import { parseIdempotencyKey } from './idempotency-key';
import { ApiOperation, ApiTag, type SuccessDoc, UPSTREAM_PROBLEMS } from '../openapi/api-operation.decorator';

const INGEST_RULES =
  'One transaction writes the batch, its readings, the site total and an outbox event, or nothing. ' +
  'A reading whose (site, sensor, time) is already stored is skipped: counted in `readings_duplicate` (same value) or ' +
  '`readings_conflicting` and listed in `conflicts` (different value). A retry with the same key and payload answers the ' +
  'stored response with `Idempotent-Replayed: true`. 400, 404 and 413 outcomes are not stored: the key may be reused after a fix.';
const INGEST_SUCCESS: SuccessDoc = {
  description: 'The batch result (also for a replay).',
  schema: 'IngestResponse',
  headers: ['IdempotentReplayed'],
};
const INGEST_PROBLEMS: ProblemCode[] = [
  'idempotency_key_invalid',
  'site_not_found',
  'idempotency_request_in_progress',
  'idempotency_key_reused',
  ...UPSTREAM_PROBLEMS,
];

/**
 * Both API versions are one command: the body is validated and normalised here (kg, UTC), before any
 * RPC, and the ingestion service decides accepted / duplicate / conflicting / replayed.
 */
@ApiTag('Ingestion')
@Controller('api')
export class IngestController {
  constructor(
    private readonly ingestion: IngestionClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  @ApiOperation('ingestV1', 'Ingest a batch of readings (v1)', {
    description: `Masses are kilograms of CH4; a reading without \`sensor_id\` uses \`"default"\`. ${INGEST_RULES}`,
    parameters: ['IdempotencyKeyV1'],
    success: INGEST_SUCCESS,
    problems: INGEST_PROBLEMS,
    variants: {
      '/api/ingest': { id: 'ingestUnversioned', summary: 'Ingest a batch of readings (v1, unversioned alias served as v1 forever)' },
    },
  })
  @Post(['v1/ingest', 'ingest'])
  @HttpCode(201)
  @Allow('site')
  @UseGuards(JsonContentTypeGuard)
  ingestV1(
    @Body(new ZodValidationPipe(IngestV1RequestSchema, plainIngestV1Request)) body: IngestV1Request,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IngestResponse | undefined> {
    return this.ingest(1, parseIdempotencyKey(req.headers['idempotency-key'], false), body, req, res);
  }

  @ApiOperation('ingestV2', 'Ingest a batch of readings (v2, with units)', {
    description:
      'Each reading names its sensor and unit; values convert to kg exactly (1 t = 1000 kg, 1 lb = 0.45359237 kg, 1 g = 0.001 kg), ' +
      'rounded half-up to 6 fractional digits. A reading may instead be a rate (`kg/h`, or `scf/h` at 0.0192 kg/scf) with ' +
      '`duration_s` (1..86400, required for rates, refused for masses): its mass is rate × duration_s ÷ 3600, rounded once, ' +
      'and the reading keeps `rate_kg_h`; rates at or above the site’s `super_emitter_kg_h` form emission events. ' +
      `v1 and v2 share keys and dedupe state and answer the same body. ${INGEST_RULES}`,
    parameters: ['IdempotencyKeyV2'],
    success: INGEST_SUCCESS,
    problems: INGEST_PROBLEMS,
  })
  @Post('v2/ingest')
  @HttpCode(201)
  @Allow('site')
  @UseGuards(JsonContentTypeGuard)
  ingestV2(
    @Body(new ZodValidationPipe(IngestV2RequestSchema, plainIngestV2Request)) body: IngestV2Request,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IngestResponse | undefined> {
    return this.ingest(2, parseIdempotencyKey(req.headers['idempotency-key'], true), body, req, res);
  }

  private async ingest(
    version: ApiVersion,
    key: string | null,
    body: IngestV1Request | IngestV2Request,
    req: Request,
    res: Response,
  ): Promise<IngestResponse | undefined> {
    const principal = principalOf(req);
    // The site is in the body, so this check follows validation; a device key's other site is refused unseen.
    if (!mayAccessSite(principal, body.site_id)) throw new ProblemError('forbidden', 'This key may only write readings to its own site');
    const result = await this.ingestion.ingestBatch({
      site_id: body.site_id,
      client_id: principal.clientId,
      idempotency_key: key,
      api_version: version,
      request_id: requestIdOf(res),
      readings: body.readings,
    });
    res.locals[INGEST_RESULT_LOCAL] = result;
    if (this.shouldDropResponse(req)) {
      // Demo of an unreliable network: the batch is committed, the client never hears back and must retry.
      req.socket.destroy();
      return undefined;
    }
    return this.answer(result, res);
  }

  private answer(result: IngestBatchResult, res: Response): IngestResponse {
    res.status(result.status);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  private shouldDropResponse(req: Request): boolean {
    return this.env.DEMO_FAULTS && req.headers['x-demo-drop-response'] === '1';
  }
}
