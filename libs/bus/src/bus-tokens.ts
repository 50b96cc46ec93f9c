// Injection tokens of the bus module.
export const BUS_OPTIONS = Symbol('shopmind.bus.options');
export const BUS_CONNECTION = Symbol('shopmind.bus.connection');
/** ioredis client of the bus module (undefined without `redisUrl`). */
export const BUS_REDIS = Symbol('shopmind.bus.redis');
