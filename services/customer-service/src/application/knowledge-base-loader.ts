// Keeps each tenant's knowledge base: `<dir>/<tenant>/*.md`, or the shipped default for a tenant
// without its own folder. On access (at most once per `checkIntervalMs`) it compares the folder's
// file names, sizes and modification times with what it loaded and re-reads when they differ, so an
// edited policy applies without a restart. A file that no longer parses is refused and the tenant
// keeps the knowledge base it had; a tenant whose first load fails gets the error, never the default
// (the default's numbers are not that shop's policy).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildKnowledgeBase, KnowledgeBaseError, type KnowledgeBase } from '../domain/knowledge-base.js';
import { PolicyIndex, type PolicySearchOptions } from '../domain/policy-search.js';

export interface KnowledgeBaseLoaderOptions {
  /** Folder holding one sub-folder per tenant; unset: every tenant uses the default. */
  readonly dir?: string;
  /** The shipped default knowledge base folder. */
  readonly defaultDir: string;
  readonly checkIntervalMs: number;
  readonly search: PolicySearchOptions;
  readonly now?: () => number;
  readonly onLoaded?: (source: string, kb: KnowledgeBase) => void;
  readonly onRefused?: (error: KnowledgeBaseError) => void;
}

interface Loaded {
  readonly signature: string;
  readonly index: PolicyIndex;
  checkedAt: number;
}

const TENANT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

function markdownFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((f) => f.toLowerCase().endsWith('.md'))
    .sort();
}

/** Names, sizes and modification times: changes whenever a file is added, removed or edited. */
function signatureOf(folder: string): string {
  return markdownFiles(folder)
    .map((f) => {
      const s = statSync(join(folder, f));
      return `${f}:${s.size}:${s.mtimeMs}`;
    })
    .join('|');
}

export class KnowledgeBaseLoader {
  private readonly loaded = new Map<string, Loaded>();
  private readonly now: () => number;

  constructor(private readonly options: KnowledgeBaseLoaderOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The folder a tenant's policy comes from. */
  folderOf(tenant: string): string {
    if (!TENANT.test(tenant))
      throw new KnowledgeBaseError(tenant, ['not a valid tenant id for a knowledge base folder']);
    const own = this.options.dir ? join(this.options.dir, tenant) : undefined;
    return own && existsSync(own) ? own : this.options.defaultDir;
  }

  /** The tenant's searchable knowledge base; throws KnowledgeBaseError when it has never loaded. */
  /**
   * The tenant's policy in `language`: a `zh/` folder inside the tenant's (or the default) folder
   * holds the Chinese policy; a folder without one answers every language from its own (English) text.
   */
  policies(tenant: string, language = 'en'): PolicyIndex {
    const folder = this.folderOf(tenant);
    const translated = language === 'zh' ? join(folder, 'zh') : undefined;
    return translated && existsSync(translated) ? this.load(translated, 'zh') : this.load(folder);
  }

  /** The knowledge base of tenants without their own folder. */
  defaultPolicies(): PolicyIndex {
    return this.load(this.options.defaultDir);
  }

  private load(folder: string, language: 'en' | 'zh' = 'en'): PolicyIndex {
    const current = this.loaded.get(folder);
    const now = this.now();
    if (current && now - current.checkedAt < this.options.checkIntervalMs) return current.index;
    const signature = signatureOf(folder);
    if (current && signature === current.signature) {
      current.checkedAt = now;
      return current.index;
    }
    try {
      const kb = buildKnowledgeBase(
        folder,
        markdownFiles(folder).map((file) => ({ file, content: readFileSync(join(folder, file), 'utf8') })),
      );
      const index = new PolicyIndex(kb, this.options.search, language);
      this.loaded.set(folder, { signature, index, checkedAt: now });
      this.options.onLoaded?.(folder, kb);
      return index;
    } catch (e) {
      if (!(e instanceof KnowledgeBaseError)) throw e;
      this.options.onRefused?.(e);
      if (!current) throw e;
      // Keep the last good version; look again after the interval, not on every message.
      this.loaded.set(folder, { ...current, signature, checkedAt: now });
      return current.index;
    }
  }
}
