// The web console (issue 16): its files, the live feed and the fraud queue. Wiring only; it checks
// API keys as the HTTP API does (the same tenants, the same Redis-shared rate counters).
import { Module, type DynamicModule } from '@nestjs/common';
import { ApiKeyGuard } from '../api/api-key.guard.js';
import { ApiRateLimiter } from '../api/api-rate-limiter.js';
import type { ApiSettings } from '../api/api-settings.js';
import { API_SETTINGS } from '../api/api-tokens.js';
import { EdgeTenants } from '../tenants/edge-tenants.js';
import { ConsoleApiController } from './console-api.controller.js';
import { loadConsoleAssets } from './console-assets.js';
import { CONSOLE_ASSETS, ConsoleController } from './console.controller.js';
import { FraudQueue } from './fraud-queue.js';

@Module({})
export class ConsoleModule {
  static forRoot(settings: ApiSettings, tenants: EdgeTenants): DynamicModule {
    return {
      module: ConsoleModule,
      controllers: [ConsoleController, ConsoleApiController],
      providers: [
        { provide: API_SETTINGS, useValue: settings },
        { provide: EdgeTenants, useValue: tenants },
        { provide: CONSOLE_ASSETS, useFactory: () => loadConsoleAssets() },
        ApiKeyGuard,
        ApiRateLimiter,
        FraudQueue,
      ],
    };
  }
}
