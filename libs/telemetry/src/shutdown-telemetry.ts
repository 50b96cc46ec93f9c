// Lets an app flush and stop the SDK that register.ts started (register is loaded with
// `node --import`, so the app cannot import its instance; they meet on a global symbol).
export const TELEMETRY_SHUTDOWN_KEY = Symbol.for('shopmind.telemetry.shutdown');

type ShutdownHook = () => Promise<void>;

/** Installed by register.ts. */
export function setTelemetryShutdown(hook: ShutdownHook): void {
  (globalThis as Record<symbol, unknown>)[TELEMETRY_SHUTDOWN_KEY] = hook;
}

/**
 * Exports what is still buffered and stops the SDK. Call it last in a graceful shutdown; does
 * nothing when the process runs without register.ts. Safe to call more than once.
 */
export async function shutdownTelemetry(): Promise<void> {
  const hook = (globalThis as Record<symbol, unknown>)[TELEMETRY_SHUTDOWN_KEY] as ShutdownHook | undefined;
  if (hook) await hook();
}
