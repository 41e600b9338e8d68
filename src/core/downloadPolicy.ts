import { isIP } from 'node:net';

/**
 * Which URLs a provider may make us download from. A provider's answer is untrusted:
 * an image URL must not reach into the person's network or disk unless the provider
 * itself lives there (a self-hosted gateway on localhost, say).
 */
export type AddressKind = 'loopback' | 'private' | 'link-local' | 'unspecified' | 'public';

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const OK: Verdict = { ok: true };

/** Classifies a literal IPv4 or IPv6 address; anything else is not an address. */
export function classifyAddress(address: string): AddressKind | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return classifyV4(bare);
  if (family === 6) return classifyV6(bare);
  return undefined;
}

function classifyV4(address: string): AddressKind {
  const [a = 0, b = 0] = address.split('.').map(Number);
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  // Carrier-grade NAT space is as internal as RFC 1918 space.
  if (a === 100 && b >= 64 && b <= 127) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  return 'public';
}

function classifyV6(address: string): AddressKind {
  const lower = address.toLowerCase();
  if (lower === '::') return 'unspecified';
  if (lower === '::1') return 'loopback';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1]) return classifyV4(mapped[1]);
  if (/^fe[89ab]/.test(lower)) return 'link-local';
  if (/^f[cd]/.test(lower)) return 'private';
  return 'public';
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function isLocalName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/** Whether a URL names this machine (127.0.0.0/8, ::1, localhost): traffic there never leaves it. */
export function isLoopback(url: URL): boolean {
  const host = hostOf(url);
  return isLocalName(host) || classifyAddress(host) === 'loopback';
}

/**
 * The verdict on one URL (the first or one reached by a redirect), given the provider's
 * configured base URL and, for a name, the addresses it resolves to.
 */
export function downloadVerdict(url: URL, base: URL, resolved: readonly string[] = []): Verdict {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: `its ${url.protocol} address is not a web address` };
  }
  const sameOrigin = url.origin === base.origin;
  if (url.protocol === 'http:' && !sameOrigin) {
    if (base.protocol === 'https:' && hostOf(url) === hostOf(base)) {
      return { ok: false, reason: `it is an http:// link (${url.host}) while the provider's base URL is https://, so the image would come unencrypted` };
    }
    return { ok: false, reason: `it is plain http on ${url.host}, not https or the provider's own address` };
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'it carries a user name or password' };
  }
  const host = hostOf(url);
  // The provider's own host is trusted whatever it is: that is where the person pointed us.
  if (host === hostOf(base)) return OK;
  const literal = classifyAddress(host);
  const kinds = literal ? [literal] : [...(isLocalName(host) ? (['loopback'] as const) : []), ...resolved.map((a) => classifyAddress(a) ?? 'public')];
  const internal = kinds.find((kind) => kind !== 'public');
  if (internal) {
    return { ok: false, reason: `${url.host} is a ${internal} address, and the provider is not` };
  }
  return OK;
}
