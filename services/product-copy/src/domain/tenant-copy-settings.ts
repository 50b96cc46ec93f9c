// Per-tenant copy settings: which locales and channels get copy on every product change, and the
// brand voice (tone) to write in.
import type { CopyChannelName } from './copy-text.js';

export interface TenantCopySettings {
  locales: string[];
  tone: string;
  channels: CopyChannelName[];
}

export function settingsFor(
  tenant: string,
  tenants: Record<string, TenantCopySettings>,
  defaults: TenantCopySettings,
): TenantCopySettings {
  return tenants[tenant] ?? defaults;
}
