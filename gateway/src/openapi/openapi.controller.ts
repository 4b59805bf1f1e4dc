import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ProblemError } from '../problems/problem.error';
import { INITIALIZER_FILE, SWAGGER_UI_INITIALIZER, SWAGGER_UI_PAGE, swaggerUiAssetPath } from './swagger-ui.assets';
import { Allow } from '../auth/access.decorator';
import { ApiExclude, ApiOperation, ApiTag } from './api-operation.decorator';

/** DI token of the document serialised once at boot. */
export const OPENAPI_JSON = Symbol('OPENAPI_JSON');

const ASSET_MAX_AGE_MS = 24 * 3_600_000;

/** The OpenAPI document and its browsable reference; everything is served by the gateway itself, no CDN. */
@ApiTag('Documentation')
@Allow('public')
@Controller('api')
export class OpenApiController {
  constructor(@Inject(OPENAPI_JSON) private readonly json: string) {}

  @ApiOperation('openApiDocument', 'This OpenAPI 3.1 document', {
    success: {
      description: 'The document, generated from the shared Zod schemas.',
      media: { type: 'application/json', schema: { type: 'object' } },
    },
    problems: ['internal_error'],
  })
  @Get('openapi.json')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  document(): string {
    return this.json;
  }

  @ApiOperation('apiReference', 'Browsable API reference (Swagger UI, served offline)', {
    success: { description: 'An HTML page.', media: { type: 'text/html', schema: { type: 'string', description: 'HTML' } } },
    problems: ['internal_error'],
  })
  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return SWAGGER_UI_PAGE;
  }

  // The reference page's own scripts and styles, not an API operation.
  @ApiExclude()
  @Get('docs/:file')
  async asset(@Param('file') file: string, @Res() res: Response): Promise<void> {
    if (file === INITIALIZER_FILE) {
      res.type('text/javascript').setHeader('Cache-Control', 'no-cache');
      res.send(SWAGGER_UI_INITIALIZER);
      return;
    }
    const path = swaggerUiAssetPath(file);
    if (!path) throw new ProblemError('route_not_found', `No documentation asset ${file}`);
    // A failure to read the file rejects into the ProblemFilter, which answers a problem (or drops a started response).
    await new Promise<void>((done, fail) => res.sendFile(path, { maxAge: ASSET_MAX_AGE_MS }, (err) => (err ? fail(err) : done())));
  }
}
