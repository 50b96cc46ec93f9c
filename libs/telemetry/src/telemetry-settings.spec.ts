import { describe, expect, it } from '@jest/globals';
import { readTelemetrySettings } from './telemetry-settings.js';

describe('readTelemetrySettings', () => {
  it('exports nothing and names the service from SHOPMIND_SERVICE when no endpoint is set', () => {
    expect(readTelemetrySettings({ SHOPMIND_SERVICE: 'review-sentiment' })).toMatchObject({
      serviceName: 'review-sentiment',
      enabled: true,
      tracesExporter: 'none',
      metricsExporter: 'none',
    });
  });

  it('exports traces and metrics over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; OTEL_SERVICE_NAME wins', () => {
    expect(
      readTelemetrySettings({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_SERVICE_NAME: 'fraud',
        SHOPMIND_SERVICE: 'fraud-detection',
      }),
    ).toMatchObject({
      serviceName: 'fraud',
      tracesExporter: 'otlp',
      metricsExporter: 'otlp',
      otlpEndpoint: 'http://collector:4318',
    });
  });

  it('honours OTEL_TRACES_EXPORTER=console, OTEL_SDK_DISABLED and the span file test hook', () => {
    const s = readTelemetrySettings({
      OTEL_TRACES_EXPORTER: 'console',
      OTEL_SDK_DISABLED: 'true',
      SHOPMIND_TELEMETRY_SPAN_FILE: '/tmp/x',
    });
    expect(s).toMatchObject({
      serviceName: 'shopmind',
      tracesExporter: 'console',
      enabled: false,
      spanFile: '/tmp/x',
    });
  });
});
