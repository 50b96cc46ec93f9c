// A shop's support policy as written in its Markdown files: each file's YAML front matter holds the
// numbers answers rely on (`returns_window_days: 30`), its headings split the text into sections an
// answer can quote. Pure parsing; reading the files is application/knowledge-base-loader.ts.
import { parse as parseYaml } from 'yaml';

export type PolicyFact = string | number | boolean;

export interface PolicySection {
  /** `<file>#<n>`: stable while the file keeps its headings. */
  readonly id: string;
  readonly file: string;
  /** The file's title (front matter `title`, else its first heading, else the file name). */
  readonly documentTitle: string;
  readonly heading: string;
  /** The section's text without its heading line, paragraphs joined by blank lines. */
  readonly text: string;
}

export interface PolicyDocument {
  readonly file: string;
  readonly title: string;
  readonly facts: Readonly<Record<string, PolicyFact>>;
  readonly sections: readonly PolicySection[];
}

export interface KnowledgeBase {
  /** Where it came from: the tenant's folder or the shipped default. */
  readonly source: string;
  readonly documents: readonly PolicyDocument[];
  readonly sections: readonly PolicySection[];
  /** Every file's front matter facts together (a key may be defined in one file only). */
  readonly facts: Readonly<Record<string, PolicyFact>>;
}

export class KnowledgeBaseError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`knowledge base ${source}: ${problems.join('; ')}`);
    this.name = 'KnowledgeBaseError';
  }
}

const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

function isFact(value: unknown): value is PolicyFact {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function frontMatterOf(file: string, content: string): { facts: Record<string, PolicyFact>; body: string } {
  const match = FRONT_MATTER.exec(content);
  if (!match) return { facts: {}, body: content };
  let parsed: unknown;
  try {
    parsed = parseYaml(match[1]);
  } catch (e) {
    throw new KnowledgeBaseError(file, [`front matter is not YAML: ${(e as Error).message}`]);
  }
  if (parsed === null || parsed === undefined) return { facts: {}, body: content.slice(match[0].length) };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new KnowledgeBaseError(file, ['front matter must be a map of names to values']);
  }
  const facts: Record<string, PolicyFact> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (isFact(value)) facts[key] = value;
    else problems.push(`front matter ${key} must be a number, text or true/false`);
  }
  if (problems.length) throw new KnowledgeBaseError(file, problems);
  return { facts, body: content.slice(match[0].length) };
}

function paragraphs(lines: readonly string[]): string {
  return (
    lines
      .join('\n')
      .split(/\n\s*\n/)
      // A line break inside a paragraph is a space, except between two Chinese characters or punctuation.
      .map((p) =>
        p
          .replace(/(.?)\s*\n\s*(.?)/gu, (_, a: string, b: string) =>
            CJK.test(a) && CJK.test(b) ? a + b : `${a} ${b}`,
          )
          .trim(),
      )
      .filter(Boolean)
      .join('\n\n')
  );
}

/** One Markdown file: front matter facts, then one section per heading (text before the first heading too). */
export function parsePolicyDocument(file: string, content: string): PolicyDocument {
  const { facts, body } = frontMatterOf(file, content);
  const found: { heading: string; level: number; lines: string[] }[] = [{ heading: '', level: 0, lines: [] }];
  for (const line of body.split(/\r?\n/)) {
    const h = HEADING.exec(line);
    if (h) found.push({ heading: h[2], level: h[1].length, lines: [] });
    else found[found.length - 1].lines.push(line);
  }
  const firstHeading = found.find((s) => s.level > 0)?.heading;
  const title = typeof facts.title === 'string' ? facts.title : (firstHeading ?? file.replace(/\.md$/i, ''));
  const sections: PolicySection[] = [];
  for (const s of found) {
    const text = paragraphs(s.lines);
    if (!text) continue; // a heading that only introduces sub-headings, or an empty preamble
    sections.push({
      id: `${file}#${sections.length + 1}`,
      file,
      documentTitle: title,
      heading: s.heading || title,
      text,
    });
  }
  return { file, title, facts, sections };
}

/** The files of one folder, parsed; a fact defined in two files is refused (which one would an answer use?). */
export function buildKnowledgeBase(
  source: string,
  files: readonly { file: string; content: string }[],
): KnowledgeBase {
  const problems: string[] = [];
  const documents: PolicyDocument[] = [];
  for (const { file, content } of [...files].sort((a, b) => a.file.localeCompare(b.file))) {
    try {
      documents.push(parsePolicyDocument(file, content));
    } catch (e) {
      if (e instanceof KnowledgeBaseError) problems.push(...e.problems.map((p) => `${file}: ${p}`));
      else throw e;
    }
  }
  const facts: Record<string, PolicyFact> = {};
  const definedIn = new Map<string, string>();
  for (const doc of documents) {
    for (const [key, value] of Object.entries(doc.facts)) {
      if (key === 'title') continue;
      const other = definedIn.get(key);
      if (other) problems.push(`${key} is defined in both ${other} and ${doc.file}`);
      definedIn.set(key, doc.file);
      facts[key] = value;
    }
  }
  const sections = documents.flatMap((d) => d.sections);
  if (sections.length === 0) problems.push('no sections (no Markdown text under any heading)');
  if (problems.length) throw new KnowledgeBaseError(source, problems);
  return { source, documents, sections, facts };
}

/** A number from the front matter, or undefined when the shop's policy does not state it. */
export function numericFact(kb: KnowledgeBase, key: string): number | undefined {
  const value = kb.facts[key];
  return typeof value === 'number' ? value : undefined;
}
