// While module.registerHooks() hooks are installed, Node keeps the text of every file require()
// loads on its Module for the life of the process (the load hooks' result, for a later re-load).
// For JavaScript that is the string V8 keeps anyway; for JSON it is a copy nobody reads again:
// wink's English model alone is a 5.6 MB string in every service that tokenises text. This gives
// `.json` back the loader Node uses without hooks: read, parse, keep only the value. No
// instrumentation hooks JSON files (import-in-the-middle leaves them alone).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface JsonLoadingModule {
  exports: unknown;
}

type ExtensionLoaders = Record<string, (module: JsonLoadingModule, filename: string) => void>;

export function requireJsonWithoutKeepingItsText(): void {
  // `require.extensions` is the documented (if deprecated) way to change how one kind of file loads.
  const loaders = createRequire(import.meta.url).extensions as unknown as ExtensionLoaders;
  loaders['.json'] = (module, filename) => {
    const text = readFileSync(filename, 'utf8');
    try {
      // As Node's own loader: a leading byte-order mark is not part of the JSON.
      module.exports = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (err) {
      (err as Error).message = `${filename}: ${(err as Error).message}`;
      throw err;
    }
  };
}
