// A dns.lookup replacement for http(s) agents: it resolves the name and refuses the connection
// when any resolved address is forbidden. Checking here, at connect time, defeats DNS rebinding
// (a name that resolved to a public address during validation and to 127.0.0.1 afterwards).
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import type { LookupFunction } from "node:net";
import { forbiddenAddressReason, type NetPolicy } from "@/lib/net/address-policy";
import { UnsafeUrlError } from "@/lib/net/url-guard";

type Callback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export function guardedLookup(policy: NetPolicy): LookupFunction {
  const lookup = (hostname: string, options: LookupOptions, callback: Callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      if (!policy.allowPrivate) {
        for (const entry of list) {
          const reason = forbiddenAddressReason(entry.address);
          if (reason) {
            const refusal = new UnsafeUrlError(`Refusing to connect to ${hostname}: it resolves to ${reason}`);
            return callback(Object.assign(refusal, { code: "EWARDENFORBIDDEN" }), []);
          }
        }
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
  return lookup as unknown as LookupFunction;
}
