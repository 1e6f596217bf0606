/** The named query-string parameters of a request (absent ones undefined), for a list's filters. */
export function queryParametersOf<Name extends string>(request: Request, names: readonly Name[]): Record<Name, string | undefined> {
  const parameters = new URL(request.url).searchParams;
  return Object.fromEntries(names.map((name) => [name, parameters.get(name) ?? undefined])) as Record<Name, string | undefined>;
}
