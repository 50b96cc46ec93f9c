import { trace, type Tracer } from '@opentelemetry/api';

/** The tracer for ShopMind's own spans. A proxy: it uses whichever provider is registered when a span starts. */
export const tracer: Tracer = trace.getTracer('shopmind');
