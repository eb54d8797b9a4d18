/**
 * Search-as-you-type answers can arrive out of order (a short prefix matches more and answers later than the longer
 * term typed after it). A sequence hands out one ticket per request; only the newest ticket's answer may be shown.
 */
export function latestSequence() {
  let newest = 0;
  return {
    /** Starts a request: its ticket tells later whether it is still the newest one. */
    next(): { isLatest: () => boolean } {
      const mine = ++newest;
      return { isLatest: () => mine === newest };
    },
    /** Makes every running request stale (e.g. the field was cleared). */
    cancel(): void {
      newest++;
    },
  };
}
