// `shopmind tenant key <id>`: a shop's HTTP credentials for the edge — a new API key, printed once,
// whose SHA-256 hash is added to the edge's tenants file (EDGE_TENANTS_FILE, services/edge README
// "Tenants"), and on request new webhook secrets, which the file must hold in clear (the edge
// computes HMACs with them).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { TENANT_PATTERN } from '@shopmind/contracts';
import type { CommandContext } from '../command-context.js';
import { CommandFailure, UsageError } from '../exit-codes.js';
import { randomSecret } from './secrets.js';

/** The webhook platforms of the edge; `generic` is stored under the tenant's `webhook` key. */
export const WEBHOOK_PLATFORMS = ['shopify', 'woocommerce', 'generic'] as const;
export type WebhookPlatform = (typeof WEBHOOK_PLATFORMS)[number];

/** A new API key: 48 hex digits (192 random bits) behind a recognisable prefix. */
export function newApiKey(): string {
  return `smk_${randomBytes(24).toString('hex')}`;
}

/** The SHA-256 hex hash of an API key, as the edge's tenants file lists it. */
export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface TenantKeyResult {
  tenant: string;
  /** The new API key (absent with --no-api-key). */
  apiKey?: string;
  apiKeyHash?: string;
  /** New webhook secrets by platform. */
  webhookSecrets: Partial<Record<WebhookPlatform, string>>;
  file: string;
}

/**
 * Adds a new API key's hash (keys already there stay valid: rotate by adding, then removing the
 * old hash) and replaces the named platforms' webhook secrets, keeping the file's comments and the
 * other tenants as they were.
 */
export function addTenantCredentials(
  text: string,
  tenant: string,
  options: { apiKey: boolean; webhooks: readonly WebhookPlatform[] },
): { text: string; apiKey?: string; webhookSecrets: Partial<Record<WebhookPlatform, string>> } {
  const doc: Document = parseDocument(text);
  if (doc.errors.length > 0) throw new CommandFailure(`not YAML: ${doc.errors[0]!.message}`);
  if (doc.contents === null || (isMap(doc.contents) && doc.contents.items.length === 0))
    doc.contents = doc.createNode({}) as typeof doc.contents;
  if (!isMap(doc.contents)) throw new CommandFailure('the tenants file must be a mapping of tenant ids');
  if (!doc.has(tenant) || doc.get(tenant) === null) doc.set(tenant, doc.createNode({}));
  if (!isMap(doc.get(tenant))) throw new CommandFailure(`${tenant}: must be a mapping`);
  let apiKey: string | undefined;
  if (options.apiKey) {
    apiKey = newApiKey();
    const keys = doc.getIn([tenant, 'apiKeys']);
    if (keys === undefined || keys === null) doc.setIn([tenant, 'apiKeys'], doc.createNode([]));
    else if (!isSeq(keys)) throw new CommandFailure(`${tenant}.apiKeys: must be a list`);
    doc.addIn([tenant, 'apiKeys'], apiKeyHash(apiKey));
  }
  const webhookSecrets: Partial<Record<WebhookPlatform, string>> = {};
  for (const platform of options.webhooks) {
    const secret = randomSecret(48);
    doc.setIn([tenant, platform === 'generic' ? 'webhook' : platform], doc.createNode({ secret }));
    webhookSecrets[platform] = secret;
  }
  return { text: doc.toString(), apiKey, webhookSecrets };
}

export async function tenantKeyCommand(
  ctx: CommandContext,
  options: { tenant: string; file: string; apiKey: boolean; webhooks: readonly WebhookPlatform[] },
): Promise<number> {
  if (!TENANT_PATTERN.test(options.tenant))
    throw new UsageError(`tenant id ${JSON.stringify(options.tenant)} must match ${TENANT_PATTERN.source}`);
  if (!options.apiKey && options.webhooks.length === 0)
    throw new UsageError('nothing to generate: --no-api-key needs at least one --webhook');
  const path = resolve(ctx.io.cwd, options.file);
  const before = existsSync(path) ? await readFile(path, 'utf8') : '';
  const updated = addTenantCredentials(before, options.tenant, options);
  // Webhook secrets are in clear in this file: only its owner may read it.
  await writeFile(path, updated.text, { mode: 0o600 });
  await chmod(path, 0o600);
  const result: TenantKeyResult = {
    tenant: options.tenant,
    ...(updated.apiKey ? { apiKey: updated.apiKey, apiKeyHash: apiKeyHash(updated.apiKey) } : {}),
    webhookSecrets: updated.webhookSecrets,
    file: path,
  };
  if (ctx.json) {
    ctx.outJson(result);
    return 0;
  }
  if (result.apiKey) {
    ctx.io.out(`tenant ${options.tenant}: API key ${result.apiKey}`);
    ctx.io.out('  shown once: hand it to the shop; the file keeps only its SHA-256');
  }
  for (const [platform, secret] of Object.entries(result.webhookSecrets))
    ctx.io.out(`tenant ${options.tenant}: ${platform} webhook secret ${secret}`);
  ctx.io.out(`  ${options.file} updated (mode 0600); the edge reads it at start: restart the edge`);
  ctx.io.out('  (compose: `docker compose restart edge`; Kubernetes: update the Secret');
  ctx.io.out('  shopmind-edge-tenants and `kubectl rollout restart deployment/edge`)');
  return 0;
}
