import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@shopmind/service-kit';
import { loadConfig } from './config.js';

describe('recommendation configuration', () => {
  it('has working defaults: health on 8085, a one-week half-life, caps of 3 per brand and 4 per category in the top 10', () => {
    const config = loadConfig({});
    expect(config.httpPort).toBe(8085);
    expect(config.model.halfLifeMs).toBe(7 * 24 * 3_600_000);
    expect(config.topK.caps).toEqual({ perBrand: 3, perCategory: 4, window: 10 });
  });

  it('refuses to start naming every wrong setting, including seeds the user history cannot hold', () => {
    let error: unknown;
    try {
      loadConfig({
        RECO_HALF_LIFE_HOURS: '0',
        RECO_MAX_PER_BRAND: 'many',
        RECO_USER_SEEDS: '9',
        RECO_RECENT_PRODUCTS_KEPT: '4',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['RECO_HALF_LIFE_HOURS', 'RECO_MAX_PER_BRAND', 'RECO_USER_SEEDS'])
      expect(message).toContain(name);
  });
});
