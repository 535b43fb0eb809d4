// GraphiQL with queries over HTTP and subscriptions over WebSocket (graphql-transport-ws).
// The bearer token goes in the Headers editor; the same header is sent in `connection_init`
// when a subscription opens, since browsers cannot set headers on a WebSocket.
import { currentToken, demoSignIn, loadConfig, tokenLogin } from "./auth.js";

const wsUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;

// One WebSocket client per Authorization value: a new token gets a new connection.
let cached = { authorization: undefined, client: null, fetcher: null };

function fetcherFor(authorization) {
  if (cached.fetcher && cached.authorization === authorization) return cached.fetcher;
  cached.client?.dispose();
  const client = graphqlWs.createClient({
    url: wsUrl,
    connectionParams: authorization ? { authorization } : {},
  });
  const fetcher = GraphiQL.createFetcher({ url: "/graphql", wsClient: client });
  cached = { authorization, client, fetcher };
  return fetcher;
}

function authorizationOf(headers) {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === "authorization");
  return key ? headers[key] : undefined;
}

const fetcher = (params, options) => fetcherFor(authorizationOf(options?.headers))(params, options);

const root = ReactDOM.createRoot(document.getElementById("graphiql"));

function render(token) {
  const headers = token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : "";
  document.getElementById("who").textContent = token
    ? `signed in as ${tokenLogin(token)} (token in Headers)`
    : "not signed in: put {\"Authorization\": \"Bearer …\"} in Headers";
  // A new key remounts GraphiQL so that its Headers editor shows the new token.
  root.render(
    React.createElement(GraphiQL, {
      key: token ?? "anonymous",
      fetcher,
      headers,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: "headers",
      defaultQuery: "# Sign in, then try:\n{ viewer { login isStaff } }\n",
    }),
  );
}

const config = await loadConfig();
if (config.demo) {
  document.querySelector(".demo").hidden = false;
  document.getElementById("demo-sign-in").addEventListener("click", async () => {
    try {
      render(await demoSignIn(config, document.getElementById("demo-login").value));
    } catch (error) {
      document.getElementById("who").textContent = error.message;
    }
  });
}
render(currentToken());
