import {
  type IngestBatchResult,
  type IngestResponse,
  type IngestV1Request,
  IngestV1RequestSchema,
  type IngestV2Request,
  IngestV2RequestSchema,
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

/**
 * Both API versions are one command: the body is validated and normalised here (kg, UTC), before any
 * RPC, and the ingestion service decides accepted / duplicate / conflicting / replayed.
 */
@Controller('api')
export class IngestController {
  constructor(
    private readonly ingestion: IngestionClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  @Post(['v1/ingest', 'ingest'])
  @HttpCode(201)
  @Allow('site')
  @UseGuards(JsonContentTypeGuard)
  ingestV1(
    @Body(new ZodValidationPipe(IngestV1RequestSchema)) body: IngestV1Request,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IngestResponse | undefined> {
    return this.ingest(1, parseIdempotencyKey(req.headers['idempotency-key'], false), body, req, res);
  }

  @Post('v2/ingest')
  @HttpCode(201)
  @Allow('site')
  @UseGuards(JsonContentTypeGuard)
  ingestV2(
    @Body(new ZodValidationPipe(IngestV2RequestSchema)) body: IngestV2Request,
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
