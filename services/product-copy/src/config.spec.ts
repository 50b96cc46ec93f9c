import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

describe('product-copy config', () => {
  it('has defaults and reads per-tenant locales, tone and channels', () => {
    const c = loadConfig({
      COPY_TENANTS: '{"acme":{"locales":["en","de"],"tone":"playful","channels":["web","social"]}}',
    });
    expect(c.defaults).toEqual({ locales: ['en'], tone: 'warm', channels: ['web'] });
    expect(c.tenants.acme).toEqual({ locales: ['en', 'de'], tone: 'playful', channels: ['web', 'social'] });
  });

  it('refuses to start naming every wrong setting', () => {
    let message = '';
    try {
      loadConfig({ REDIS_URL: 'localhost', COPY_DEFAULT_CHANNELS: 'web,billboard', COPY_TENANTS: '{oops' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain('REDIS_URL');
    expect(message).toContain('COPY_DEFAULT_CHANNELS');
    expect(message).toContain('COPY_TENANTS');
  });
});
