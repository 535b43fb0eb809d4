// GraphQL over HTTP (queries, mutations) and over WebSocket (subscriptions, graphql-transport-ws
// through the vendored graphql-ws client, the global `graphqlWs`).

/** A GraphQL error with the gateway's `extensions` (code, problems...). */
export class GraphQLError extends Error {
  constructor(error) {
    const problems = (error.extensions?.problems ?? []).map((p) => `${p.path}: ${p.message}`);
    super([error.message, ...problems].join("\n"));
    this.extensions = error.extensions ?? {};
  }
}

export function api(token) {
  async function gql(query, variables = {}) {
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors?.length) throw new GraphQLError(body.errors[0]);
    return body.data;
  }

  // The token travels in connection_init; the gateway closes the socket (4401) when it expires.
  const ws = graphqlWs.createClient({
    url: `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 5,
  });

  /** Calls `onData` with each result's data; returns the function that stops it. */
  function subscribe(query, variables, onData, onError) {
    return ws.subscribe({ query, variables }, {
      next: (result) => (result.errors ? onError(new GraphQLError(result.errors[0])) : onData(result.data)),
      error: (error) => onError(error instanceof Error ? error : new Error(`subscription closed (${error.code ?? "?"})`)),
      complete: () => {},
    });
  }

  /** Fetches a file with the token (a plain link could not send it) and saves it under the
   *  name the gateway gives (Content-Disposition), else `fallback`. */
  async function download(url, fallback) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`download failed (${response.status})`);
    const disposition = response.headers.get("content-disposition") ?? "";
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallback;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }

  /** "connected", "closed"...: the socket's life, for the page to show. */
  const on = (event, listener) => ws.on(event, listener);

  return { gql, subscribe, download, on, close: () => ws.dispose() };
}
