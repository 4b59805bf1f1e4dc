import { createRequire } from 'node:module';
import { Module } from '@nestjs/common';
import { buildOpenApiDocument } from './openapi.document';
import { OPENAPI_JSON, OpenApiController } from './openapi.controller';

// The gateway's own package version labels the document; read once, like the document itself.
const { version } = createRequire(__filename)('../../package.json') as { version: string };

@Module({
  controllers: [OpenApiController],
  // Built at boot, so a schema the generator cannot handle fails the start, not the first request.
  providers: [{ provide: OPENAPI_JSON, useFactory: () => JSON.stringify(buildOpenApiDocument(version)) }],
})
export class OpenApiModule {}
