/**
 * Base64 as RFC 4648 §4 writes it, and nothing else. Buffer.from(text, 'base64') skips characters it
 * does not know, accepts the URL alphabet and missing padding, so two different texts can decode to the
 * same bytes; for signed and hashed text (C2SP signed-note, tlog-checkpoint) a value has one spelling.
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decodeBase64Strict(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Non-zero bits in the last character's padding would be a second spelling of the same bytes.
  return bytes.toString('base64') === text ? bytes : undefined;
}
