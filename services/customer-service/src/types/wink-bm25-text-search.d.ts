// The part of wink-bm25-text-search's API this service uses (the package ships no typings).
declare module 'wink-bm25-text-search' {
  interface Bm25Config {
    fldWeights: Record<string, number>;
    bm25Params?: { k1?: number; b?: number; k?: number };
    ovFldNames?: string[];
  }
  interface Bm25Engine {
    defineConfig(config: Bm25Config): boolean;
    definePrepTasks(tasks: ((text: string) => string[])[], field?: string): number;
    addDoc(doc: Record<string, string>, id: string | number): number;
    consolidate(precision?: number): boolean;
    /** [id, score] pairs, best first. */
    search(text: string, limit?: number): [string, number][];
  }
  export default function bm25(): Bm25Engine;
}
