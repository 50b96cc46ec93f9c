// Names for streams, consumers, tenants and keys that no other test (or test run) uses.
import { randomBytes } from 'node:crypto';

let counter = 0;

/**
 * `<prefix>-<random suffix>`, e.g. `tenant-k3f9a1c2d4`. Only letters, digits, `-` and `_`, so it is
 * valid as a NATS stream or consumer name, a subject token and a Redis key part.
 */
export function uniqueName(prefix: string): string {
  counter += 1;
  const clean = prefix.replace(/[^A-Za-z0-9_-]/g, '-');
  return `${clean}-${counter.toString(36)}${randomBytes(5).toString('hex')}`;
}

/**
 * A fresh tenant id that satisfies the contracts' tenant rule (`^[a-z0-9][a-z0-9_-]{0,62}$`) and
 * is a valid subject token, e.g. `acme-k3f9a1c2d4`.
 */
export function uniqueTenant(prefix = 'tenant'): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '-')
      .replace(/^[^a-z0-9]+/, '') || 'tenant';
  return uniqueName(clean.slice(0, 40));
}
