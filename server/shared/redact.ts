// Tracking codes, invitation tokens and ballot codes are keys: whoever reads them can use them.
// They never go into a log line.
const SECRET_PATHS = /^(\/(?:track|opinions\/receipt|invitations|vote)\/)[^/?#]+/;
const SECRET_PARAMS = /([?&](?:code|token)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PATHS, '$1[redacted]').replace(SECRET_PARAMS, '$1[redacted]');
}
