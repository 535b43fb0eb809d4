// Sign-in for the browser pages. The access token lives in sessionStorage: it is shared by
// GraphiQL and /ui/jobs in one tab and gone when the tab closes. Demo mode asks the gateway's
// demo issuer for a token; otherwise the configured OpenID Connect issuer is used with the
// authorization-code flow and PKCE (a public client: no secret in the page).

const TOKEN = "ispyb-gateway.token";
const PKCE = "ispyb-gateway.pkce";

/** The pages' settings: {demo, demoIssuer, issuer, clientId, graphql}. */
export async function loadConfig() {
  const response = await fetch("/ui/config.json");
  return response.json();
}

/** The stored access token, or null once it has expired (its `exp` claim is read, not trusted). */
export function currentToken() {
  const token = sessionStorage.getItem(TOKEN);
  if (!token) return null;
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    if (payload.exp && payload.exp * 1000 < Date.now()) return signOut();
    return token;
  } catch {
    return signOut();
  }
}

/** The login the token was issued to, for display only (the gateway decides who you are). */
export function tokenLogin(token) {
  const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  return payload.preferred_username ?? payload.sub;
}

export function signOut() {
  sessionStorage.removeItem(TOKEN);
  return null;
}

/** Demo mode only: the demo issuer signs a token for any demo login. */
export async function demoSignIn(config, login) {
  const response = await fetch(`${config.demoIssuer}/token`, {
    method: "POST",
    body: new URLSearchParams({ login }),
  });
  if (!response.ok) throw new Error(`demo sign-in refused (${response.status})`);
  const token = (await response.json()).access_token;
  sessionStorage.setItem(TOKEN, token);
  return token;
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function discover(issuer) {
  const response = await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`OpenID discovery failed (${response.status})`);
  return response.json();
}

/** Leaves the page for the issuer's login; `completeOidcSignIn` finishes on the way back. */
export async function oidcSignIn(config) {
  const metadata = await discover(config.issuer);
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  // The verifier never leaves this tab until the token request; the state stops forged callbacks.
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state, redirect: redirectUri() }));
  const url = new URL(metadata.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: "openid",
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  location.assign(url);
}

function redirectUri() {
  return `${location.origin}${location.pathname}`;
}

/** On return from the issuer (`?code=&state=`): trade the code for a token. No-op otherwise. */
export async function completeOidcSignIn(config) {
  const params = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PKCE) ?? "null");
  if (!params.has("code") || !pending) return null;
  sessionStorage.removeItem(PKCE);
  history.replaceState(null, "", redirectUri()); // the code is single-use: drop it from the URL
  if (params.get("state") !== pending.state) throw new Error("sign-in answer does not match its request");
  const metadata = await discover(config.issuer);
  const response = await fetch(metadata.token_endpoint, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: params.get("code"),
      redirect_uri: pending.redirect,
      client_id: config.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`token request refused (${response.status})`);
  const token = (await response.json()).access_token;
  sessionStorage.setItem(TOKEN, token);
  return token;
}
