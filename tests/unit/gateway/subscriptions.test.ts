// A session's resource subscriptions are bounded: in number and in URI length.
import { expect, test } from "vitest";
import { maxSubscriptionsPerSession, maxSubscriptionUriLength, subscriptionRefusal } from "@/gateway/proxy/subscriptions";
import type { Exchange } from "@/gateway/proxy/exchange";

const exchange = (subscriptions: Set<string>) => ({ session: { subscriptions } }) as unknown as Exchange;

test.each([
  { name: "a first subscription", held: 0, uri: "mlflow://experiments/1", refused: false },
  { name: "one more below the cap", held: maxSubscriptionsPerSession - 1, uri: "mlflow://x", refused: false },
  { name: "one past the cap", held: maxSubscriptionsPerSession, uri: "mlflow://new", refused: true },
  { name: "a URI already held, at the cap", held: maxSubscriptionsPerSession, uri: "u0", refused: false },
  { name: "an over-long URI", held: 0, uri: "m://" + "a".repeat(maxSubscriptionUriLength), refused: true },
])("$name", ({ held, uri, refused }) => {
  const subscriptions = new Set(Array.from({ length: held }, (_, i) => `u${i}`));
  expect(subscriptionRefusal(exchange(subscriptions), "resources/subscribe", { uri }) !== null).toBe(refused);
});

test("other methods and stateless requests are not limited here", () => {
  const full = new Set(Array.from({ length: maxSubscriptionsPerSession }, (_, i) => `u${i}`));
  expect(subscriptionRefusal(exchange(full), "resources/unsubscribe", { uri: "new" })).toBeNull();
  expect(subscriptionRefusal({ session: undefined } as unknown as Exchange, "resources/subscribe", { uri: "new" })).toBeNull();
});
