// The words of a review summary in each language the local tier writes (English, Simplified
// Chinese): sentence templates, aspect names and moods as data, so a new language is one more
// entry here and the builder's logic stays the same. Reviewers' own words (evidence, quotes) are
// never translated: they stay in the language they were written in.
import type { LocalLanguage } from '@shopmind/vocabulary';

/** How customers feel, read from the star ratings (see `moodOf`). */
export type Mood = 'very_positive' | 'mostly_positive' | 'very_negative' | 'mostly_negative' | 'mixed';

export interface SummaryWording {
  /** "Based on 10 reviews (average 4.0 of 5 stars), customers are very positive." */
  opening(count: number, average: string, mood: string): string;
  moods: Record<Mood, string>;
  /** "They praise the quality and battery." */
  praise(aspects: string): string;
  /** "Some complain about the delivery." (`also`: some aspects are praised too), "Many complain …" */
  complaint(aspects: string, also: boolean): string;
  /** Joins aspect names: "a, b and c" / "a、b和c". */
  list(items: readonly string[]): string;
  /** Between sentences. */
  sentenceGap: string;
  /** A pro without an evidence phrase: "Quality is praised". */
  praised(aspect: string): string;
  /** A con without an evidence phrase: "Delivery is criticised". */
  criticised(aspect: string): string;
  /** The aspect's name as readers see it. */
  aspect(name: string): string;
}

const englishAspect = (name: string): string => name.replace(/_/g, ' ');
const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const ENGLISH: SummaryWording = {
  opening: (count, average, mood) => `Based on ${count} reviews (average ${average} of 5 stars), ${mood}.`,
  moods: {
    very_positive: 'customers are very positive',
    mostly_positive: 'customers are mostly positive',
    very_negative: 'customers are very negative',
    mostly_negative: 'customers are mostly negative',
    mixed: 'opinions are mixed',
  },
  praise: (aspects) => `They praise the ${aspects}.`,
  complaint: (aspects, also) => `${also ? 'Some' : 'Many'} complain about the ${aspects}.`,
  list: (items) =>
    items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`,
  sentenceGap: ' ',
  praised: (aspect) => `${capitalised(englishAspect(aspect))} is praised`,
  criticised: (aspect) => `${capitalised(englishAspect(aspect))} is criticised`,
  aspect: englishAspect,
};

/** The aspect taxonomy's names as a Chinese shop page writes them. */
const CHINESE_ASPECTS: Readonly<Record<string, string>> = {
  quality: '质量',
  size_fit: '尺寸大小',
  battery: '电池续航',
  price_value: '性价比',
  delivery: '物流配送',
  safety: '安全性',
  durability: '耐用性',
  ease_of_use: '易用性',
  design: '外观设计',
  customer_service: '客服',
  packaging: '包装',
  sound: '音质',
  comfort: '舒适度',
  performance: '性能',
  instructions_assembly: '说明书与组装',
  connectivity: '连接',
  compatibility: '兼容性',
  accuracy_of_listing: '与描述相符',
  smell: '气味',
  cleaning: '清洁',
  content: '内容',
  fun: '趣味性',
};

const CHINESE: SummaryWording = {
  opening: (count, average, mood) => `根据${count}条评价（平均${average}星，满分5星），${mood}。`,
  moods: {
    very_positive: '顾客评价非常正面',
    mostly_positive: '顾客评价大多正面',
    very_negative: '顾客评价非常负面',
    mostly_negative: '顾客评价大多负面',
    mixed: '顾客评价褒贬不一',
  },
  praise: (aspects) => `顾客称赞${aspects}。`,
  complaint: (aspects, also) => `${also ? '也有顾客' : '不少顾客'}对${aspects}不满意。`,
  list: (items) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join('、')}和${items.at(-1)}`),
  sentenceGap: '',
  praised: (aspect) => `${CHINESE.aspect(aspect)}受到好评`,
  criticised: (aspect) => `${CHINESE.aspect(aspect)}受到批评`,
  // An aspect outside the taxonomy (an older analysis) keeps its English name rather than none.
  aspect: (name) => CHINESE_ASPECTS[name] ?? englishAspect(name),
};

export const SUMMARY_WORDING: Readonly<Record<LocalLanguage, SummaryWording>> = {
  en: ENGLISH,
  zh: CHINESE,
};

/** The Chinese names of the aspects (for tests and documentation: every taxonomy aspect has one). */
export const chineseAspectNames = (): Readonly<Record<string, string>> => CHINESE_ASPECTS;
