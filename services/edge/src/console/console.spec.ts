// The console's pieces without a server: where its files are found (sources and dist/), which names
// are served, and which bus messages become feed items of which shop.
import { describe, expect, it } from '@jest/globals';
import { headers } from '@nats-io/transport-node';
import { Events, encodeMessage, ReviewSubmittedSchema } from '@shopmind/contracts';
import { aReviewSubmitted } from '@shopmind/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feedItemOf } from './bus-feed.js';
import { consoleAssetsDir, loadConsoleAssets } from './console-assets.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..', '..');
const assets = join(repo, 'services', 'edge', 'console-assets');

describe('console assets', () => {
  it('are found from the sources and from dist/ (the image keeps services/ beside dist/)', () => {
    expect(consoleAssetsDir(here)).toBe(assets);
    expect(consoleAssetsDir(join(repo, 'dist', 'services', 'edge', 'src', 'console'))).toBe(assets);
  });

  it('serve only plain file names of known types', () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-assets-'));
    for (const name of ['index.html', 'app.js', 'site.css', '.hidden.js', 'notes.txt', 'Upper.js'])
      writeFileSync(join(dir, name), name);
    const loaded = loadConsoleAssets(dir);
    expect([...loaded.keys()].sort()).toEqual(['app.js', 'index.html', 'site.css']);
    expect(loaded.get('app.js')?.contentType).toBe('text/javascript; charset=utf-8');
    expect(loadConsoleAssets(assets).has('index.html')).toBe(true);
  });
});

describe('feed items', () => {
  const review = aReviewSubmitted({ envelope: { tenantId: 'acme' }, reviewId: 'r-1', productId: 'p-1' });
  const { data, contentType } = encodeMessage(ReviewSubmittedSchema, review, 'protobuf');
  const h = headers();
  h.set('content-type', contentType);
  const msg = (subject: string, body = data) => ({ subject, data: body, headers: h });

  it('decode a contract event by its subject, prefix removed, as proto3 JSON', () => {
    const item = feedItemOf('ns1', msg(`ns1.${Events.reviewSubmitted.subject('acme')}`), 'acme');
    expect(item).toMatchObject({
      subject: 'shop.acme.review.submitted',
      type: 'review.submitted',
      direction: 'inbound',
      eventId: review.envelope!.eventId,
      event: { reviewId: 'r-1', productId: 'p-1' },
    });
  });

  it("are nothing for another shop's subject, an envelope of another shop, an unknown subject or bad bytes", () => {
    expect(feedItemOf('', msg(Events.reviewSubmitted.subject('globex')), 'acme')).toBeUndefined();
    // acme's event published on globex's subject is not globex's to see either.
    expect(feedItemOf('', msg(Events.reviewSubmitted.subject('globex')), 'globex')).toBeUndefined();
    expect(feedItemOf('', msg('shop.acme.review.unknown'), 'acme')).toBeUndefined();
    expect(
      feedItemOf('', msg(Events.reviewSubmitted.subject('acme'), new Uint8Array([1, 2, 3])), 'acme'),
    ).toBeUndefined();
  });
});
