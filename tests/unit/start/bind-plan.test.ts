// `npm start` binds loopback unless HOST is set, and allows private upstreams by default only
// while both the app and the gateway are loopback-bound.
import { describe, expect, test } from "vitest";
import { bindPlan } from "@/scripts/start/bind-plan";

describe("bindPlan", () => {
  test.each([
    ["nothing set: loopback, private upstreams allowed", {}, { appHost: "127.0.0.1", gatewayHost: "127.0.0.1", loopbackOnly: true, allowPrivateUpstreams: "1" }],
    ["HOST=localhost", { HOST: "localhost" }, { appHost: "localhost", gatewayHost: "localhost", loopbackOnly: true, allowPrivateUpstreams: "1" }],
    ["HOST=::1", { HOST: "::1" }, { appHost: "::1", gatewayHost: "::1", loopbackOnly: true, allowPrivateUpstreams: "1" }],
    ["HOST=0.0.0.0: both exposed, private refused", { HOST: "0.0.0.0" }, { appHost: "0.0.0.0", gatewayHost: "0.0.0.0", loopbackOnly: false, allowPrivateUpstreams: "0" }],
    ["only the gateway exposed: private refused", { GATEWAY_HOST: "0.0.0.0" }, { appHost: "127.0.0.1", gatewayHost: "0.0.0.0", loopbackOnly: false, allowPrivateUpstreams: "0" }],
    ["only the app exposed, gateway on loopback: private refused", { HOST: "10.0.0.5", GATEWAY_HOST: "127.0.0.1" }, { appHost: "10.0.0.5", gatewayHost: "127.0.0.1", loopbackOnly: false, allowPrivateUpstreams: "0" }],
    ["the operator's choice wins", { HOST: "0.0.0.0", WARDEN_ALLOW_PRIVATE_UPSTREAMS: "1" }, { appHost: "0.0.0.0", gatewayHost: "0.0.0.0", loopbackOnly: false, allowPrivateUpstreams: "1" }],
  ])("%s", (_name, environment, expected) => expect(bindPlan(environment)).toEqual(expected));
});
