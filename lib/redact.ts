/**
 * Redaction of credentials in text pmgup shows, records or logs.
 */

/**
 * Replaces `user:password@` in every URI of the text with `***@`, so
 * credentials never reach facts, a plan or a log. Like apt, it takes the
 * user information to end at the last `@` before the first `/` of the URI,
 * so a password containing `@`, `:` or quotes is hidden whole. The pattern
 * starts at `://` rather than at the scheme, which keeps the time linear
 * on a long run of letters (a scheme pattern would retry at every letter).
 */
export function redactUri(text: string): string {
  return text.replace(/:\/\/[^\s/]*@/g, '://***@');
}
