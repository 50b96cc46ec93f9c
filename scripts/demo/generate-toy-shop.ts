// Regenerates scripts/demo/toy-shop.jsonl, the data set `npm start` replays:
//   node scripts/build.mjs && node dist/scripts/demo/generate-toy-shop.js [--seed 16]
// The file is committed; a spec checks it still equals what this script writes.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TOY_SHOP_FILE, TOY_SHOP_SEED, TOY_SHOP_TENANT, toyShopJsonl } from './toy-shop-file.js';
import { generateToyShop } from './toy-shop-generator.js';

const { values } = parseArgs({ options: { seed: { type: 'string', default: String(TOY_SHOP_SEED) } } });
const lines = generateToyShop({ seed: Number(values.seed), tenant: TOY_SHOP_TENANT });
writeFileSync(TOY_SHOP_FILE, toyShopJsonl(lines));
console.log(`wrote ${lines.length} events to ${TOY_SHOP_FILE}`);
