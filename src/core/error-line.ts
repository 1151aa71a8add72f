// (pure, with no import: the compiled client's entry reports with it when the addon cannot load)

/** The first line of an error's message: a one-line report has no room for a stack. */
export function errorLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
