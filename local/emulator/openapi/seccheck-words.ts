import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface SecWord {
  word: string;
  suggest: 'risky' | 'review';
  label: number;
}

export const DEFAULT_SECCHECK_WORDS_PATH = path.join(__dirname, 'seccheck-words.default.json');

let cache: { file: string; mtimeMs: number; words: SecWord[] } | null = null;

function parseWords(file: string, text: string): SecWord[] {
  const raw = JSON.parse(text) as { words?: unknown };
  if (!Array.isArray(raw.words)) throw new Error(`${file}: expected {"words": [...]}`);
  return raw.words.map((entry, i) => {
    const w = entry as Partial<SecWord>;
    if (
      typeof w.word !== 'string' ||
      w.word.length === 0 ||
      (w.suggest !== 'risky' && w.suggest !== 'review') ||
      !Number.isInteger(w.label)
    ) {
      throw new Error(`${file}: words[${i}] needs a non-empty word, suggest "risky" or "review", and an integer label`);
    }
    return { word: w.word, suggest: w.suggest, label: w.label! };
  });
}

/**
 * The word list in force: LINLI_SECCHECK_WORDS if set, else the committed default. Re-read when the
 * file changes, so a developer can edit the list while the dev server runs.
 */
export function loadSecWords(): SecWord[] {
  const file = process.env.LINLI_SECCHECK_WORDS || DEFAULT_SECCHECK_WORDS_PATH;
  const mtimeMs = statSync(file).mtimeMs;
  if (cache && cache.file === file && cache.mtimeMs === mtimeMs) return cache.words;
  const words = parseWords(file, readFileSync(file, 'utf8'));
  cache = { file, mtimeMs, words };
  return words;
}
