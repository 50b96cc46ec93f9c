// The Chinese side of the review analyser: clauses and their offsets, negation, the learned model's
// verdicts, aspects with evidence spans, and shipped weights that match the data they were trained on.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { ReviewAnalyser } from '../review-analyser.js';
import { zhClauses } from './zh-clauses.js';
import { negationSigns } from './zh-features.js';
import { aspectCuesOf, shippedZhModel } from './zh-review-reader.js';

const analyser = new ReviewAnalyser();
const analyse = (body: string, title?: string) => analyser.analyse({ body, ...(title ? { title } : {}) });

describe('Chinese clauses', () => {
  it('cuts at Chinese punctuation and before a contrast word, with offsets into the text', () => {
    const text = '衣服很好看，面料也舒服但是尺码偏小。下次还买！';
    const clauses = zhClauses(text);
    expect(clauses.map((c) => c.text)).toEqual(['衣服很好看', '面料也舒服', '但是尺码偏小', '下次还买']);
    for (const c of clauses) expect(text.slice(c.start, c.end)).toBe(c.text);
    expect(clauses.map((c) => c.contrast)).toEqual([false, false, true, false]);
  });

  it('marks a concession', () => {
    const [first] = zhClauses('虽然物流慢，但是东西很好');
    expect(first).toMatchObject({ text: '虽然物流慢', concession: true, contrast: false });
  });
});

describe('Chinese negation', () => {
  it('flips what follows 不/没 to the clause end, but not inside fixed words such as 不错', () => {
    expect(negationSigns([...'不是很好'])).toEqual([1, -1, -1, -1]);
    expect(negationSigns([...'没有想象中差'])).toEqual([1, -1, -1, -1, -1, -1]);
    expect(negationSigns([...'真不错'])).toEqual([1, 1, 1]);
  });
});

describe('ReviewAnalyser on Chinese reviews', () => {
  it('reports zh and judges clear praise and complaints by the learned model', () => {
    const praise = analyse('质量很好，做工精细，非常满意，会回购的');
    expect(praise).toMatchObject({ language: 'zh', polarity: 'positive', lowConfidence: false });
    expect(praise.score).toBeGreaterThan(0.5);
    const complaint = analyse('用了两天就坏了，客服也不理人，太失望了');
    expect(complaint).toMatchObject({ language: 'zh', polarity: 'negative' });
    expect(complaint.score).toBeLessThan(-0.5);
  });

  it('reads a negated complaint as praise and a negated praise as a complaint', () => {
    expect(analyse('一点都不卡，也不发烫').score).toBeGreaterThan(0);
    expect(analyse('不是很好用，也不太满意').score).toBeLessThan(0);
  });

  it('follows the verdict after 但是 rather than the concession before it', () => {
    expect(analyse('虽然物流慢了点，但是东西很好，很满意').score).toBeGreaterThan(0);
    expect(analyse('虽然包装很好看，但是质量太差了，用一次就坏了').score).toBeLessThan(0);
  });

  it('finds aspects on the English taxonomy, each with its clause as evidence and its offsets', () => {
    const body = '  电池很耐用，续航一整天。但是屏幕有坏点，很失望';
    const title = '手机拍照不错';
    const analysis = analyse(body, title);
    const battery = analysis.aspects.find((a) => a.aspect === 'battery')!;
    expect(battery.polarity).toBe('positive');
    expect(battery.span?.field).toBe('body');
    expect(body.slice(battery.span!.start, battery.span!.end)).toBe(battery.evidence);
    const performance = analysis.aspects.find((a) => a.aspect === 'performance')!;
    expect(performance.span).toEqual({ field: 'title', start: 0, end: title.length });
    for (const a of analysis.aspects) {
      const source = a.span!.field === 'title' ? title : body;
      expect(source.slice(a.span!.start, a.span!.end)).toBe(a.evidence);
    }
  });

  it('calls a review mixed when one aspect is praised and another criticised as strongly', () => {
    const analysis = analyse('外观很漂亮，颜值很高。电池太不耐用了，半天就没电');
    expect(analysis.polarity).toBe('mixed');
  });

  it('leaves Chinese unjudged when the analyser is configured for English only', () => {
    const englishOnly = new ReviewAnalyser({ languages: ['en'] });
    expect(englishOnly.analyse({ body: '质量很好，非常满意' })).toMatchObject({
      language: 'zh',
      polarity: 'neutral',
      lowConfidence: true,
      aspects: [],
    });
  });
});

describe('shipped Chinese model', () => {
  const { weights } = shippedZhModel();
  const trainedOn = weights.trainedOn as {
    data: string;
    data_sha256: string;
    corpora: Array<{ corpus: string; sha256: string }>;
  };

  it('was trained on the shopping reviews as they are now', () => {
    const data = readFileSync(trainedOn.data);
    expect(createHash('sha256').update(data).digest('hex')).toBe(trainedOn.data_sha256);
  });

  it('names every public corpus it learned from, with the sha256 the data record lists', () => {
    const record = readFileSync('docs/decisions/zh-sentiment-data.md', 'utf8');
    expect(trainedOn.corpora.length).toBeGreaterThan(0);
    for (const c of trainedOn.corpora) {
      expect(record).toContain(c.corpus);
      expect(record).toContain(c.sha256);
      expect(c.corpus).not.toMatch(/online_shopping/);
    }
  });

  it('stays small', () => {
    const file = new URL('./zh-polarity-weights.json', import.meta.url);
    expect(statSync(file).size).toBeLessThan(2_000_000);
  });

  it('refuses cue words for an aspect the taxonomy does not have', () => {
    expect(() => aspectCuesOf({ quality: ['质量'], colour: ['颜色'] })).toThrow(/unknown aspect colour/);
  });
});
