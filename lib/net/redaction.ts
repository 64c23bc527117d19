/**
 * The one URL redaction of the daemons and the tasks. RPC providers put their API key in the URL:
 * as credentials (`https://user:key@host`), in the query string (`?apiKey=…`) or as a path segment
 * (`https://mainnet.infura.io/v3/<key>`, `…alchemy.com/v2/<key>`, `….quiknode.pro/<token>/`).
 * So a URL is written out as:
 *
 * - scheme, host and port as they are;
 * - no `user:password@`, no query string, no fragment (dropped, as the tasks always did);
 * - each path segment kept only if it cannot be a key: a lower-case word (`rpc`, `ext`,
 *   `transport-events`), a version (`v3`) or a number (`17`); any other segment becomes
 *   `[redacted]`. A key is random letters and digits, so it never passes as a lower-case word
 *   (a 32-character one made only of lower-case letters has odds of about 1 in 10^12).
 *
 * `redactUrlsIn` applies the same to every URL inside a text (log messages, error messages and
 * stacks: viem writes the request URL into its errors).
 */

/** What replaces a path segment that may be a key. */
export const REDACTED_SEGMENT = "[redacted]";

/**
 * scheme://, userinfo@ (optional), host[:port], path, ?query, #fragment. Characters that end a URL
 * inside text (whitespace, quotes, angle brackets) end the match.
 */
const URL_PATTERN =
  /\b([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/?#@"'<>`]*@)?([^\s/?#"'<>`]*)([^\s?#"'<>`]*)(?:\?[^\s#"'<>`]*)?(?:#[^\s"'<>`]*)?/gi;

/** Punctuation that ends a sentence rather than a URL ("… at http://host/rpc."). */
const TRAILING_PUNCTUATION = /[.,;:!)\]}]+$/;

const SAFE_SEGMENT = /^(?:[a-z]+(?:[-_][a-z]+)*|v[0-9]{1,3}|[0-9]{1,20})$/;

function redactPath(path: string): string {
  if (path === "" || path === "/") return "";
  return path
    .split("/")
    .map((segment) =>
      segment === "" || segment === REDACTED_SEGMENT || SAFE_SEGMENT.test(segment)
        ? segment
        : REDACTED_SEGMENT,
    )
    .join("/")
    .replace(/\/$/, "");
}

function redactMatch(match: string, scheme: string, host: string, path: string): string {
  // The pattern cannot tell a URL's last character from the sentence's full stop: give it back.
  let trailing = TRAILING_PUNCTUATION.exec(match)?.[0] ?? "";
  // An already redacted URL stays as it is (redacting twice changes nothing).
  if (trailing !== "" && match.slice(0, -trailing.length).endsWith("[redacted")) {
    trailing = trailing.slice(1);
  }
  if (trailing !== "") {
    const cut = match.slice(0, -trailing.length);
    const again = new RegExp(URL_PATTERN.source, "i").exec(cut);
    if (again !== null && again.index === 0) {
      return redactMatch(again[0], again[1]!, again[2]!, again[3]!) + trailing;
    }
  }
  return `${scheme}${host}${redactPath(path)}`;
}

/** A URL fit for logs and messages (see the module comment); "[unparseable url]" if it is none. */
export function redactUrl(url: string): string {
  const match = new RegExp(`^${URL_PATTERN.source}$`, "i").exec(url.trim());
  if (match === null) return "[unparseable url]";
  return redactMatch(match[0], match[1]!, match[2]!, match[3]!);
}

/** `text` with every URL in it redacted (see the module comment). */
export function redactUrlsIn(text: string): string {
  return text.replace(URL_PATTERN, (match: string, scheme: string, host: string, path: string) =>
    redactMatch(match, scheme, host, path),
  );
}
