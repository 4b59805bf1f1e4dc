import { createRequire } from 'node:module';
import { Module, type Type } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { documentedRoutes } from './documented-routes';
import { OPENAPI_JSON, OpenApiController } from './openapi.controller';
import { buildOpenApiDocument } from './openapi.document';

// The gateway's own package version labels the document; read once, like the document itself.
const { version } = createRequire(__filename)('../../package.json') as { version: string };

@Module({
  imports: [DiscoveryModule],
  controllers: [OpenApiController],
  // Built at boot from every registered controller, so an undocumented route or a schema the generator cannot handle fails
  // the start, not the first request.
  providers: [
    {
      provide: OPENAPI_JSON,
      inject: [DiscoveryService],
      useFactory: (discovery: DiscoveryService) => {
        const controllers = discovery.getControllers().map((wrapper) => wrapper.metatype as Type);
        return JSON.stringify(buildOpenApiDocument(version, documentedRoutes(controllers)));
      },
    },
  ],
})
export class OpenApiModule {}
