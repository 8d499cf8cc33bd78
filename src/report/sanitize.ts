/**
 * Text from a policy must not steer the reader's terminal: control characters
 * (escape sequences), bidi overrides and other invisible format characters are
 * dropped before anything is printed.
 */
// C0 and C1 controls except tab and newline, DEL, bidi embeddings/overrides/isolates, line/paragraph separators.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

export function sanitize(text: string): string {
  return text.replace(UNSAFE, '');
}

/** One line: newlines and tabs become spaces as well. */
export function sanitizeLine(text: string): string {
  return sanitize(text).replace(/[\t\n]+/gu, ' ');
}
