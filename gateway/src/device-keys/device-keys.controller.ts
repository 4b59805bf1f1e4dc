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
import { ApiOperation, ApiTag, UPSTREAM_PROBLEMS } from '../openapi/api-operation.decorator';

/** A site's device keys; operators only. The secret is in the 201 answer and nowhere else, ever. */
@ApiTag('Access')
@Controller(['api/v1/sites/:id/keys', 'api/sites/:id/keys'])
@Allow('operator')
export class DeviceKeysController {
  constructor(private readonly ingestion: IngestionClient) {}

  @ApiOperation('createDeviceKey', 'Create a device key for a site', {
    description:
      'The answer is the only time the key is shown: only its SHA-256 and its prefix are stored. The body is optional (`{ "label": … }`).',
    success: { description: 'The key, with its secret.', schema: 'CreatedDeviceKey', headers: ['Location'] },
    problems: ['site_not_found', ...UPSTREAM_PROBLEMS],
  })
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

  @ApiOperation('listDeviceKeys', 'List the device keys of a site (never their secrets)', {
    success: { description: 'The keys, newest first.', schema: 'DeviceKeyList' },
    problems: ['site_not_found', ...UPSTREAM_PROBLEMS],
  })
  @Get()
  list(@Param(new ZodValidationPipe(SiteIdParamsSchema)) params: { id: string }): Promise<DeviceKeyList> {
    return this.ingestion.listDeviceKeys(params.id);
  }

  @ApiOperation('revokeDeviceKey', 'Revoke a device key', {
    description:
      'Effective on the next request at every gateway replica. Idempotent: revoking again answers the key with its first `revoked_at`.',
    success: { description: 'The revoked key.', schema: 'DeviceKey' },
    problems: ['api_key_not_found', ...UPSTREAM_PROBLEMS],
  })
  @Delete(':keyId')
  revoke(@Param(new ZodValidationPipe(DeviceKeyParamsSchema)) params: { id: string; keyId: string }): Promise<DeviceKey> {
    return this.ingestion.revokeDeviceKey(params.id, params.keyId);
  }
}
