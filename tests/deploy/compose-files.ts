// The compose files as `docker compose -f a -f b` reads them: YAML with merge keys, merged file by
// file (mappings key by key, later files win). Shared by the compose spec and the start-as-shipped test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '@shopmind/testing';
import { asObject, isObject, type Json, type JsonObject } from './kustomize-renderer.js';

export function readCompose(file: string): JsonObject {
  // merge: YAML merge keys (<<), which compose supports and the core uses for shared service settings.
  return asObject(parse(readFileSync(join(repoRoot(), file), 'utf8'), { merge: true }) as Json, file);
}

/** Compose's merge of several files: mappings merge key by key, later files win. */
export function mergeCompose(...files: JsonObject[]): JsonObject {
  return files.reduce<Json>((acc, f) => deepMerge(acc, f), {}) as JsonObject;
}

function deepMerge(a: Json, b: Json): Json {
  if (isObject(a) && isObject(b)) {
    const out: JsonObject = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in a ? deepMerge(a[k], v) : v;
    return out;
  }
  return b;
}
