// The GET stream path indexes a stream by the OAuth access token that opened it, with the hash
// authentication computed: only access tokens are indexed, never grant tokens or malformed ones.
import { describe, expect, test } from "vitest";
import { accessTokenHash } from "@/gateway/enforce/authenticate";
import { hashToken } from "@/lib/crypto";

const accessToken = "Zm9vYmFyYmF6cXV4LWFjY2Vzcy10b2tlbi0xMjM0NTY3";
const grantToken = "wdn_g_abcdefghijklmnopqrstuvwxyz012345";

describe("accessTokenHash", () => {
  test.each([
    { name: "an access token gets its sha256", token: accessToken, expected: hashToken(accessToken) },
    { name: "a grant token is not indexed", token: grantToken, expected: undefined },
    { name: "too short to be an access token", token: "short-token", expected: undefined },
    { name: "characters outside base64url", token: `${accessToken}!`, expected: undefined },
  ])("$name", ({ token, expected }) => {
    expect(accessTokenHash(token)).toBe(expected);
  });
});
