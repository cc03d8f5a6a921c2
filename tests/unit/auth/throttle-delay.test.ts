// Progressive delays: free attempts pass at once, then each attempt doubles the wait, up to the cap.
import { expect, test } from "vitest";
import { delayAfterSeconds, type ThrottleRule } from "@/lib/auth/throttle";
import { clientIp } from "@/lib/auth/client-ip";

const rule: ThrottleRule = { freeAttempts: 3, maxDelaySeconds: 60, forgetAfterSeconds: 3600 };

test.each([
  [1, 0],
  [2, 0],
  [3, 2],
  [4, 4],
  [5, 8],
  [8, 60],
  [1000, 60],
])("attempt %i makes the next wait %i s", (attempts, seconds) => expect(delayAfterSeconds(attempts, rule)).toBe(seconds));

test.each([
  ["the nearest hop's entry", { "x-forwarded-for": "203.0.113.9, 10.0.0.2" }, "10.0.0.2"],
  ["an IPv4-mapped socket address", { "x-forwarded-for": "::ffff:127.0.0.1" }, "127.0.0.1"],
  ["no header at all", {}, "unknown"],
])("client address from %s", (_name, headers, expected) => expect(clientIp(headers)).toBe(expected));
