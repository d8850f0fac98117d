import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { lineAt, type IssueLog } from './issues.ts';
import { MAX_FIELD_CHARS } from './limits.ts';

export type XmlNode = { readonly [key: string]: unknown };

// Typed as the boxed `Symbol` by the package; it is a plain symbol at run time.
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The document tree, or undefined (issues logged) when the file is empty, not well-formed, truncated,
 * declares a DOCTYPE or holds an absurdly long value. `arrayTags` always parse as arrays, so a list with
 * one alias reads like a list with five.
 */
export function readXml(
  content: string,
  file: string,
  log: IssueLog,
  arrayTags: ReadonlySet<string>,
): XmlNode | undefined {
  const text = content.replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    log.add(file, 'the file is empty');
    return undefined;
  }
  // Sanctions lists never need a DTD; one in a downloaded file can only be an entity-expansion attack.
  const doctype = /<!DOCTYPE/i.exec(text);
  if (doctype !== null) {
    log.add(file, 'a DOCTYPE declaration is not accepted', lineAt(text, doctype.index));
    return undefined;
  }
  // The parser builds a tree from a truncated file without complaint; the validator does not.
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    log.add(file, `not well-formed XML (the file may be truncated): ${valid.err.msg}`, valid.err.line);
    return undefined;
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    removeNSPrefix: true,
    captureMetaData: true,
    isArray: (tagName) => arrayTags.has(tagName),
  });
  let tree: unknown;
  try {
    tree = parser.parse(text);
  } catch (error) {
    // The parser's own guards: nesting deeper than 100 tags, names such as __proto__.
    log.add(file, `the XML is refused: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (!isNode(tree)) {
    log.add(file, 'the XML has no root element');
    return undefined;
  }
  const oversized = findOversized(tree, '');
  if (oversized !== undefined) {
    log.add(file, `${oversized} is longer than ${MAX_FIELD_CHARS} characters`);
    return undefined;
  }
  return tree;
}

function findOversized(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.length > MAX_FIELD_CHARS ? path || 'a value' : undefined;
  const entries = Array.isArray(value)
    ? value.map((item, index): [string, unknown] => [`${path}[${index}]`, item])
    : isNode(value)
      ? Object.entries(value).map(([key, item]): [string, unknown] => [`${path}/${key}`, item])
      : [];
  for (const [childPath, item] of entries) {
    const found = findOversized(item, childPath);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** 1-based line where an element starts, for issue reports. */
export function lineOfNode(content: string, node: XmlNode): number | undefined {
  const meta = (node as Readonly<Record<symbol, { startIndex?: number } | undefined>>)[META];
  return meta?.startIndex === undefined ? undefined : lineAt(content, meta.startIndex);
}

export function child(node: XmlNode | undefined, key: string): XmlNode | undefined {
  const value = node?.[key];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return isNode(first) ? first : undefined;
}

export function children(node: XmlNode | undefined, key: string): XmlNode[] {
  const value = node?.[key];
  const list: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter(isNode);
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (isNode(value)) return textOf(value['#text']);
  return undefined;
}

/** Text content of the (first) child element `key`; undefined when absent or empty. */
export function text(node: XmlNode | undefined, key: string): string | undefined {
  const value = node?.[key];
  return textOf(Array.isArray(value) ? value[0] : value);
}

/** Text content of every child element `key`. */
export function texts(node: XmlNode | undefined, key: string): string[] {
  const value = node?.[key];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.map(textOf).filter((item): item is string => item !== undefined);
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  return textOf(node?.[`@${name}`]);
}
