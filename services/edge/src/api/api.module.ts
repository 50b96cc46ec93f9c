// The HTTP API of the edge: queries and event ingestion under /api/v1, its OpenAPI document at
// /api/openapi.json. Wiring only; the edge hands it its tenant registry (the API keys).
import { Module, type DynamicModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { EdgeTenants } from '../tenants/edge-tenants.js';
import type { ApiSettings } from './api-settings.js';
import { API_SETTINGS } from './api-tokens.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiRateLimiter } from './api-rate-limiter.js';
import { EventIngest } from './event-ingest.js';
import { EventsController } from './events.controller.js';
import { registerApiBodyReader } from './json-body.js';
import { OPENAPI_MODULES, OpenApiDocument } from './openapi/openapi-document.js';
import { OpenApiController } from './openapi/openapi.controller.js';
import { QueriesController } from './queries.controller.js';
import { QueryClient } from './query-client.js';

/** Marks that the body reader for /api is in place (see json-body.ts). */
const API_BODY_READER = Symbol('shopmind.edge.api.body-reader');

@Module({})
export class ApiModule {
  static forRoot(settings: ApiSettings, tenants: EdgeTenants): DynamicModule {
    return {
      module: ApiModule,
      controllers: [QueriesController, EventsController, OpenApiController],
      providers: [
        { provide: API_SETTINGS, useValue: settings },
        { provide: EdgeTenants, useValue: tenants },
        { provide: OPENAPI_MODULES, useValue: [ApiModule] },
        {
          provide: API_BODY_READER,
          inject: [HttpAdapterHost],
          useFactory: (host: HttpAdapterHost) => registerApiBodyReader(host, settings.maxBytes),
        },
        ApiKeyGuard,
        ApiRateLimiter,
        QueryClient,
        EventIngest,
        OpenApiDocument,
      ],
    };
  }
}
