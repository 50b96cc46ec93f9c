// Injection tokens of the bus module.
export const BUS_OPTIONS = Symbol('shopmind.bus.options');
export const BUS_CONNECTION = Symbol('shopmind.bus.connection');
/** The bus module's Redis connection, a `RedisConnection` (undefined without `redis` / `redisUrl`). */
export const BUS_REDIS = Symbol('shopmind.bus.redis');
