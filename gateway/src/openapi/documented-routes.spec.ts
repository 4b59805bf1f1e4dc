import 'reflect-metadata';
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { Allow } from '../auth/access.decorator';
import { ApiExclude, ApiOperation, ApiTag, type OperationDoc } from './api-operation.decorator';
import { documentedRoutes } from './documented-routes';

const doc = (id: string, more: Partial<OperationDoc> = {}): OperationDoc => ({
  id,
  summary: id,
  success: { description: 'ok' },
  problems: ['internal_error'],
  ...more,
});

@ApiTag('Things')
@Controller(['api/v1/things', 'api/v2/things', 'api/things'])
@Allow('operator')
class ThingsController {
  @ApiOperation(doc('getThing', { variants: { '/api/v2/things/{id}': { id: 'getThingV2', summary: 'v2' } } }))
  @Get(':id')
  @Allow('site')
  get(): void {}

  @ApiOperation(doc('makeThing', { variants: { '/api/v2/things': { id: 'makeThingV2', summary: 'v2' } } }))
  @Post()
  @HttpCode(200)
  make(): void {}

  @ApiExclude()
  @Get('static/:file')
  asset(): void {}

  helper(): void {}
}

describe('documentedRoutes', () => {
  const routes = () => documentedRoutes([ThingsController]);

  it('reads method, path, status, access and tag from the route decorators, and versions from the path', () => {
    expect(routes().find((r) => r.operationId === 'getThing')).toMatchObject({
      method: 'get',
      path: '/api/v1/things/{id}',
      status: 200,
      access: 'site',
      tag: 'Things',
      version: 1,
    });
    expect(routes().find((r) => r.operationId === 'getThingV2')).toMatchObject({ path: '/api/v2/things/{id}', version: 2, summary: 'v2' });
  });

  it('takes the controller access when the handler has none, and @HttpCode over the POST default', () => {
    expect(routes().find((r) => r.path === '/api/v1/things')).toMatchObject({ method: 'post', access: 'operator', status: 200 });
  });

  it('leaves out unversioned aliases and excluded handlers, and nothing else', () => {
    expect(routes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'get /api/v1/things/{id}',
      'get /api/v2/things/{id}',
      'post /api/v1/things',
      'post /api/v2/things',
    ]);
  });

  it('refuses a route nobody described, a served path no variant describes, and a variant for a path not served', () => {
    @Controller('api/v1/bare')
    class Bare {
      @Get()
      list(): void {}
    }
    expect(() => documentedRoutes([Bare])).toThrow(/Bare.list \(GET \/api\/v1\/bare\) has no @ApiOperation/);

    @Controller('api/v1/two')
    class TwoPaths {
      @ApiOperation(doc('two'))
      @Get(['a', 'b'])
      get(): void {}
    }
    expect(() => documentedRoutes([TwoPaths])).toThrow(/serves GET \/api\/v1\/two\/b, which no @ApiOperation variant describes/);

    @Controller('api/v1/ghost')
    class Ghost {
      @ApiOperation(doc('ghost', { variants: { '/api/v2/ghost': { id: 'ghost2', summary: 'no' } } }))
      @Get()
      get(): void {}
    }
    expect(() => documentedRoutes([Ghost])).toThrow(/documents paths it does not serve: \/api\/v2\/ghost/);
  });

  it('adds the problems a body or parameters bring before the route’s own', () => {
    @Controller('api/v1/x')
    class X {
      @ApiOperation(doc('withBody', { body: 'SignInRequest', problems: ['unauthorized'] }))
      @Post()
      post(): void {}

      @ApiOperation(doc('withParam', { parameters: ['SiteId'], problems: ['site_not_found'] }))
      @Get(':id')
      get(): void {}
    }
    const [post, get] = documentedRoutes([X]);
    expect(post.problems).toEqual(['validation_failed', 'malformed_json', 'payload_too_large', 'unsupported_media_type', 'unauthorized']);
    expect(get.problems).toEqual(['validation_failed', 'site_not_found']);
  });
});
