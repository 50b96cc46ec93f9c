// The HTTP API of the edge: queries and event ingestion under /api/v1, its OpenAPI document at
// /api/openapi.json and Swagger UI at /api/docs. Wiring only; the edge hands it its tenant registry
// (the API keys), and from its configureApp hook the app, for the body reader and the docs.
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { EdgeTenants } from '../tenants/edge-tenants.js';
import type { ApiSettings } from './api-settings.js';
import { API_SETTINGS } from './api-tokens.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiRateLimiter } from './api-rate-limiter.js';
import { EventIngest } from './event-ingest.js';
import { EventsController } from './events.controller.js';
import { useApiBodyReader } from './json-body.js';
import { serveOpenApi } from './openapi/openapi-document.js';
import { QueriesController } from './queries.controller.js';
import { QueryClient } from './query-client.js';

@Module({})
export class ApiModule {
  static forRoot(settings: ApiSettings, tenants: EdgeTenants): DynamicModule {
    return {
      module: ApiModule,
      controllers: [QueriesController, EventsController],
      providers: [
        { provide: API_SETTINGS, useValue: settings },
        { provide: EdgeTenants, useValue: tenants },
        ApiKeyGuard,
        ApiRateLimiter,
        QueryClient,
        EventIngest,
      ],
    };
  }

  /**
   * What the API needs on the app before it initialises: its body reader on /api (ahead of Nest's
   * JSON parser), the OpenAPI document and Swagger UI.
   */
  static configureApp(app: INestApplication, settings: ApiSettings): void {
    useApiBodyReader(app, settings.maxBytes);
    serveOpenApi(app, [ApiModule]);
  }
}
