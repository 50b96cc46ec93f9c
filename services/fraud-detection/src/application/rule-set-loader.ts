// Keeps the active rule set: loads the file, reloads it when it changes, and refuses a bad file
// while the previous rules stay active (scoring never stops because of an edit).
import { readFileSync, watchFile, unwatchFile } from 'node:fs';
import { parseRuleSet, RuleSetError, type RuleSet } from '../domain/rule-set.js';

export interface RuleSetEvents {
  onLoaded?(rules: RuleSet): void;
  onRefused?(error: RuleSetError): void;
}

export class RuleSetLoader {
  private current: RuleSet;
  private watching = false;

  /** Throws RuleSetError when the initial file is bad: a service must not start without rules. */
  constructor(
    readonly path: string,
    private readonly events: RuleSetEvents = {},
  ) {
    this.current = parseRuleSet(readFileSync(path, 'utf8'), path);
  }

  get rules(): RuleSet {
    return this.current;
  }

  /** Re-reads the file; returns the error when it was refused (the previous rules stay). */
  reload(): RuleSetError | undefined {
    try {
      this.current = parseRuleSet(readFileSync(this.path, 'utf8'), this.path);
      this.events.onLoaded?.(this.current);
      return undefined;
    } catch (e) {
      const err = e instanceof RuleSetError ? e : new RuleSetError(this.path, [(e as Error).message]);
      this.events.onRefused?.(err);
      return err;
    }
  }

  watch(intervalMs = 1000): void {
    if (this.watching) return;
    this.watching = true;
    watchFile(this.path, { interval: intervalMs, persistent: false }, (cur, prev) => {
      if (cur.mtimeMs !== prev.mtimeMs || cur.size !== prev.size) this.reload();
    });
  }

  close(): void {
    if (this.watching) unwatchFile(this.path);
    this.watching = false;
  }

  /** Nest calls this on shutdown. */
  onModuleDestroy(): void {
    this.close();
  }
}
