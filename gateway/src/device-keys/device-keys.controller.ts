import {
  type CreatedDeviceKey,
  type CreateDeviceKeyRequest,
  CreateDeviceKeyRequestSchema,
  type DeviceKey,
  type DeviceKeyList,
  DeviceKeyParamsSchema,
  SiteIdParamsSchema,
} from '@emissions/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '../auth/access.decorator';
import { IngestionClient } from '../clients/ingestion.client';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';
import { JsonContentTypeGuard } from '../request-context/json-content-type.guard';

/** A site's device keys; operators only. The secret is in the 201 answer and nowhere else, ever. */
@Controller(['api/v1/sites/:id/keys', 'api/sites/:id/keys'])
@Allow('operator')
export class DeviceKeysController {
  constructor(private readonly ingestion: IngestionClient) {}

  @Post()
  @HttpCode(201)
  @UseGuards(JsonContentTypeGuard)
  async create(
    @Param(new ZodValidationPipe(SiteIdParamsSchema)) params: { id: string },
    // The body is optional: `{}`, `{ "label": … }` or nothing at all.
    @Body(new ZodValidationPipe(CreateDeviceKeyRequestSchema.optional())) body: CreateDeviceKeyRequest | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedDeviceKey> {
    const key = await this.ingestion.createDeviceKey({ site_id: params.id, label: body?.label ?? null });
    res.setHeader('Location', `/api/v1/sites/${key.site_id}/keys/${key.id}`);
    res.setHeader('Cache-Control', 'no-store');
    return key;
  }

  @Get()
  list(@Param(new ZodValidationPipe(SiteIdParamsSchema)) params: { id: string }): Promise<DeviceKeyList> {
    return this.ingestion.listDeviceKeys(params.id);
  }

  /** Idempotent: revoking a revoked key answers it again, with its first revocation time. */
  @Delete(':keyId')
  revoke(@Param(new ZodValidationPipe(DeviceKeyParamsSchema)) params: { id: string; keyId: string }): Promise<DeviceKey> {
    return this.ingestion.revokeDeviceKey(params.id, params.keyId);
  }
}
