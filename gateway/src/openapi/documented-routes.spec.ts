import 'reflect-metadata';
import {
  AcknowledgeAlertRequestSchema,
  ListAlertsQuerySchema,
  SignInRequestSchema,
  SiteIdParamsSchema,
  WebhookIdParamsSchema,
} from '@emissions/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Allow } from '../auth/access.decorator';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';
import { ApiExclude, ApiOperation, ApiTag, type OperationDoc } from './api-operation.decorator';
import { documentedRoutes } from './documented-routes';

const doc = (more: Partial<OperationDoc> = {}): OperationDoc => ({ success: { description: 'ok' }, problems: ['internal_error'], ...more });
const v2 = (id: string, path: string) => ({ variants: { [path]: { id: `${id}V2`, summary: 'v2' } } });

@ApiTag('Things')
@Controller(['api/v1/things', 'api/v2/things', 'api/things'])
@Allow('operator')
class ThingsController {
  @ApiOperation('getThing', 'A thing', doc(v2('getThing', '/api/v2/things/{id}')))
  @Get(':id')
  @Allow('site')
  get(@Param(new ZodValidationPipe(SiteIdParamsSchema)) _params: unknown): void {}

  @ApiOperation('makeThing', 'Make a thing', doc(v2('makeThing', '/api/v2/things')))
  @Post()
  @HttpCode(200)
  make(
    @Body(new ZodValidationPipe(SignInRequestSchema)) _body: unknown,
    @Query(new ZodValidationPipe(ListAlertsQuerySchema)) _q: unknown,
  ): void {}

  @ApiExclude()
  @Get('static/:file')
  asset(): void {}

  helper(): void {}
}

describe('documentedRoutes', () => {
  const routes = () => documentedRoutes([ThingsController]);
  const byId = (id: string) => routes().find((route) => route.operationId === id);

  it('reads method, path, status, access and tag from the route decorators, and versions from the path', () => {
    expect(byId('getThing')).toMatchObject({
      method: 'get',
      path: '/api/v1/things/{id}',
      status: 200,
      access: 'site',
      tag: 'Things',
      version: 1,
    });
    expect(byId('getThingV2')).toMatchObject({ path: '/api/v2/things/{id}', version: 2, summary: 'v2' });
  });

  it('takes the controller access when the handler has none, and @HttpCode over the POST default', () => {
    expect(byId('makeThing')).toMatchObject({ method: 'post', access: 'operator', status: 200 });
  });

  it('leaves out unversioned aliases and excluded handlers, and nothing else', () => {
    expect(routes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'get /api/v1/things/{id}',
      'get /api/v2/things/{id}',
      'post /api/v1/things',
      'post /api/v2/things',
    ]);
  });

  it('reads the body, query and path parameters from the schemas the handler validates them with', () => {
    expect(byId('getThing')).toMatchObject({ parameters: ['SiteId'], problems: ['validation_failed', 'internal_error'] });
    expect(byId('getThing')?.body).toBeUndefined();
    expect(byId('makeThing')).toMatchObject({ body: { schema: 'SignInRequest', required: true }, query: ListAlertsQuerySchema });
    expect(byId('makeThing')?.problems).toEqual([
      'validation_failed',
      'malformed_json',
      'payload_too_large',
      'unsupported_media_type',
      'internal_error',
    ]);

    @ApiTag('T')
    @Controller('api/v1/optional')
    class OptionalBody {
      @ApiOperation('ack', 'Ack', doc())
      @Post()
      ack(@Body(new ZodValidationPipe(AcknowledgeAlertRequestSchema.optional())) _body: unknown): void {}
    }
    expect(documentedRoutes([OptionalBody])[0].body).toEqual({ schema: 'AcknowledgeAlertRequest', required: false });
  });

  it('refuses a route nobody described, a served path no variant describes, and a variant for a path not served', () => {
    @Controller('api/v1/bare')
    class Bare {
      @Get()
      list(): void {}
    }
    expect(() => documentedRoutes([Bare])).toThrow(/Bare.list \(GET \/api\/v1\/bare\) has no @ApiOperation/);

    @Controller('api/v1/untagged')
    class Untagged {
      @ApiOperation('untagged', 'Untagged', doc())
      @Get()
      list(): void {}
    }
    expect(() => documentedRoutes([Untagged])).toThrow(/its controller has no @ApiTag/);

    @ApiTag('T')
    @Controller('api/v1/two')
    class TwoPaths {
      @ApiOperation('two', 'Two', doc())
      @Get(['a', 'b'])
      get(): void {}
    }
    expect(() => documentedRoutes([TwoPaths])).toThrow(/serves GET \/api\/v1\/two\/b, which no @ApiOperation variant describes/);

    @ApiTag('T')
    @Controller('api/v1/ghost')
    class Ghost {
      @ApiOperation('ghost', 'Ghost', doc(v2('ghost', '/api/v2/ghost')))
      @Get()
      get(): void {}
    }
    expect(() => documentedRoutes([Ghost])).toThrow(/documents paths it does not serve: \/api\/v2\/ghost/);
  });

  it('refuses path parameters its schema does not describe, and request schemas the document does not know', () => {
    @ApiTag('T')
    @Controller('api/v1/sites/:id/things/:thingId')
    class Unvalidated {
      @ApiOperation('thing', 'Thing', doc())
      @Get()
      get(@Param(new ZodValidationPipe(SiteIdParamsSchema)) _params: unknown): void {}
    }
    expect(() => documentedRoutes([Unvalidated])).toThrow(/path parameters id,thingId but its @Param schema gives id/);

    @ApiTag('T')
    @Controller('api/v1/webhooks/:id')
    class Known {
      @ApiOperation('known', 'Known', doc())
      @Post()
      post(
        @Param(new ZodValidationPipe(WebhookIdParamsSchema)) _p: unknown,
        @Body(new ZodValidationPipe(z.object({}))) _b: unknown,
      ): void {}
    }
    expect(() => documentedRoutes([Known])).toThrow(/its body schema is not one of the document's REQUEST_SCHEMAS/);
  });
});
