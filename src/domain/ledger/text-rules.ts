/**
 * The character rules of C2SP signed-note ("Format"): valid UTF-8 and no ASCII control character
 * below U+0020 other than newline. JavaScript strings are UTF-16, so valid UTF-8 means no lone surrogate.
 */
const NEWLINE = 0x0a;
const FIRST_PRINTABLE = 0x20;

export function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

export function hasControlCharacter(text: string, newlineAllowed: boolean): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < FIRST_PRINTABLE && !(newlineAllowed && code === NEWLINE)) return true;
  }
  return false;
}

/** Text that may appear in a signed note: well-formed, and control-free apart from newlines. */
export function isNoteText(text: string): boolean {
  return isWellFormed(text) && !hasControlCharacter(text, true);
}
