/**
 * XML 1.0 text and attribute values from any string. Scenario names, checker messages and
 * stack traces are the user's or the run's text: `&`, `<`, `>` and quotes are escaped, line
 * breaks and tabs inside an attribute become character references (a parser would otherwise
 * fold them into spaces), and characters XML 1.0 cannot carry at all (control characters,
 * lone surrogates) become U+FFFD.
 */

/** Characters XML 1.0 forbids even as references: C0 controls but tab, LF, CR; U+FFFE/U+FFFF. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(text: string): string {
  return text.replace(FORBIDDEN, '\uFFFD').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function xmlAttribute(value: string): string {
  return xmlText(value)
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
    .replaceAll('\t', '&#9;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;');
}

/** `name="value" ...` for the attributes that have a value, in the order given. */
export function attributes(pairs: readonly (readonly [string, string | undefined])[]): string {
  return pairs.flatMap(([name, value]) => (value === undefined ? [] : [`${name}="${xmlAttribute(value)}"`])).join(' ');
}
