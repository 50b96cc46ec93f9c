// Files that ship beside the code (model/, knowledge-base/): found from src/ (tests) and from the
// compiled dist/services/customer-service/src/ alike, since dist/ holds only compiled code.
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVICE_DIR = `${sep}services${sep}customer-service`;

export function customerServiceAsset(relative: string): string {
  const here = fileURLToPath(import.meta.url);
  const serviceRoot = here.slice(0, here.lastIndexOf(SERVICE_DIR) + SERVICE_DIR.length);
  const sourceRoot = serviceRoot.replace(`${sep}dist${SERVICE_DIR}`, SERVICE_DIR);
  const path = [join(serviceRoot, relative), join(sourceRoot, relative)].find((p) => existsSync(p));
  if (!path) throw new Error(`customer-service: cannot find ${relative} under ${sourceRoot}`);
  return path;
}
