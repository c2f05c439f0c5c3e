export interface RateLimitHitsTable {
  /** The route's name and the client's key (its address). */
  key: string;
  count: number;
  /** When the current window ends, in ms since 1970. */
  window_ends: number;
}
