/**
 * Text from input (dashboard titles, file names, messages quoting a query, URLs from flags) is
 * printed to terminals and CI logs. A newline in it could start a line the reader trusts (a
 * GitHub `::error` workflow command, a forged finding), and an escape sequence could rewrite the
 * terminal. Everything printed from data goes through `printable`; credentials in URLs through
 * `redactCredentials`.
 */

// C0 controls, DEL, C1 controls, Unicode line/paragraph separators and bidirectional overrides
// (they reorder what a reviewer sees). Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The text with every control character written as an escape (`\n`, `\u001b`): one line, inert. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// What JSON.stringify leaves raw although a terminal or viewer would act on it (it escapes C0 only).
const JSON_RAW_UNPRINTABLE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with the characters above written as \u escapes: the same value for every parser. */
export function jsonPrintable(json: string): string {
  return json.replace(JSON_RAW_UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// `scheme://userinfo@`: userinfo has no '/', '@' or whitespace. One pass, no backtracking beyond
// the userinfo run, so linear in the text.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;

/**
 * Replaces the user:password part of every URL-looking substring with `***`, whether or not the
 * URL is valid: a rejected value is echoed in its error message too.
 */
export function redactCredentials(text: string): string {
  return text.replace(URL_USERINFO, '$1***@');
}

/** What every one-line message from data goes through: credentials redacted, then made printable. */
export function safeMessage(text: string): string {
  return printable(redactCredentials(text));
}
