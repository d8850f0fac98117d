// Other scripts to Latin, word by word, keeping what the comparison needs to know about the source.
import anyAscii from 'any-ascii';

/**
 * alphabetic: Latin, Cyrillic, Greek, Armenian, Georgian … (romanisation keeps the vowels).
 * vowelless: abjads (Arabic, Persian, Hebrew) leave short vowels unwritten, and any-ascii drops the
 * inherent vowel of abugidas (Devanagari, Bengali, Khmer, Thai), so only the consonants are reliable.
 * syllabic: one Han character or Hangul block, a syllable whose romanisation loses the character.
 */
export type ScriptClass = 'alphabetic' | 'vowelless' | 'syllabic';

export interface RomanisedWord {
  /** Lower-case ASCII; may still hold punctuation for the tokenizer to split on. */
  readonly text: string;
  readonly script: ScriptClass;
  /** The syllable as written, for syllabic words: 石 and 市 are both "shi". */
  readonly original?: string;
}

const VOWELLESS = new RegExp(
  '[' +
    ['Arabic', 'Hebrew', 'Syriac', 'Thaana', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya']
      .concat([
        'Tamil',
        'Telugu',
        'Kannada',
        'Malayalam',
        'Sinhala',
        'Thai',
        'Lao',
        'Khmer',
        'Myanmar',
        'Tibetan',
      ])
      .map((script) => `\\p{Script=${script}}`)
      .join('') +
    ']',
  'u',
);
const SYLLABLE = /^[\p{Script=Han}\p{Script=Hangul}]$/u;
// One Han character or Hangul block is one syllable; any-ascii runs them together ("XiJinPing"), so a
// space goes after each and the aligner rejoins syllables where the other name writes them as one word.
const SYLLABIC = /([\p{Script=Han}\p{Script=Hangul}])/gu;
// The Arabic definite article is written joined to the next word (الأسد); elsewhere it is "al-Assad".
const ARABIC_ARTICLE = /(^|\s)ال(?=\p{Script=Arabic}{2})/gu;
// Zero-width joiners and non-joiners (Persian پزشک‌فر) shape glyphs; they do not separate words.
const FORMAT_CHARS = /\p{Cf}/gu;
const CONTROL_CHARS = /\p{Cc}/gu;

/** Unicode NFKC (ligatures, full-width forms, ordinal and Roman-numeral compatibility characters) and control characters out. */
export function cleanText(raw: string): string {
  return raw.normalize('NFKC').replace(CONTROL_CHARS, ' ').replace(FORMAT_CHARS, '');
}

export function romaniseWords(text: string): RomanisedWord[] {
  const spaced = text.replace(ARABIC_ARTICLE, '$1al ').replace(SYLLABIC, ' $1 ');
  const words: RomanisedWord[] = [];
  for (const word of spaced.split(/\s+/)) {
    if (word === '') continue;
    const text = anyAscii(word).toLowerCase();
    if (SYLLABLE.test(word)) words.push({ text, script: 'syllabic', original: word });
    else words.push({ text, script: VOWELLESS.test(word) ? 'vowelless' : 'alphabetic' });
  }
  return words;
}
