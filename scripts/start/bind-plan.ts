// Where `npm start` listens, and what follows from it. Loopback unless the operator sets HOST (and
// GATEWAY_HOST for the gateway alone): a fresh install is not reachable from the network. Private
// upstreams (the local demo server on localhost) are allowed by default only while BOTH the app
// and the gateway listen on loopback; an exposed install must opt in with
// WARDEN_ALLOW_PRIVATE_UPSTREAMS=1.
const loopbackNames = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export const isLoopbackHost = (host: string) => loopbackNames.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);

export type BindPlan = { appHost: string; gatewayHost: string; loopbackOnly: boolean; allowPrivateUpstreams: string };

export function bindPlan(environment: Record<string, string | undefined>): BindPlan {
  const appHost = environment.HOST || "127.0.0.1";
  const gatewayHost = environment.GATEWAY_HOST || appHost;
  const loopbackOnly = isLoopbackHost(appHost) && isLoopbackHost(gatewayHost);
  return { appHost, gatewayHost, loopbackOnly, allowPrivateUpstreams: environment.WARDEN_ALLOW_PRIVATE_UPSTREAMS ?? (loopbackOnly ? "1" : "0") };
}
