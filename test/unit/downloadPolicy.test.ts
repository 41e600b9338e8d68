import { strict as assert } from 'node:assert';
import { classifyAddress, downloadVerdict } from '../../src/core/downloadPolicy';

const base = new URL('https://api.provider.example/');
const local = new URL('http://127.0.0.1:7860/');

function refused(url: string, from = base, resolved: string[] = []): string {
  const verdict = downloadVerdict(new URL(url), from, resolved);
  assert.equal(verdict.ok, false, `${url} should be refused`);
  return verdict.ok ? '' : verdict.reason;
}

function allowed(url: string, from = base, resolved: string[] = []): void {
  const verdict = downloadVerdict(new URL(url), from, resolved);
  assert.ok(verdict.ok, `${url} should be allowed: ${verdict.ok ? '' : verdict.reason}`);
}

describe('the download policy', () => {
  it('classifies addresses', () => {
    assert.equal(classifyAddress('127.0.0.2'), 'loopback');
    assert.equal(classifyAddress('::1'), 'loopback');
    assert.equal(classifyAddress('[::1]'), 'loopback');
    assert.equal(classifyAddress('10.1.2.3'), 'private');
    assert.equal(classifyAddress('172.16.0.1'), 'private');
    assert.equal(classifyAddress('172.32.0.1'), 'public');
    assert.equal(classifyAddress('192.168.1.1'), 'private');
    assert.equal(classifyAddress('100.64.0.1'), 'private');
    assert.equal(classifyAddress('fd12::1'), 'private');
    assert.equal(classifyAddress('169.254.169.254'), 'link-local');
    assert.equal(classifyAddress('fe80::1'), 'link-local');
    assert.equal(classifyAddress('::ffff:169.254.169.254'), 'link-local');
    assert.equal(classifyAddress('0.0.0.0'), 'unspecified');
    assert.equal(classifyAddress('93.184.216.34'), 'public');
    assert.equal(classifyAddress('2606:4700::1111'), 'public');
    assert.equal(classifyAddress('example.com'), undefined);
  });

  it('says so when a provider reached over https links its images over http', () => {
    const popcord = new URL('https://popcord.io-i.uk/');
    assert.match(
      refused('http://popcord.io-i.uk/files/a.png', popcord),
      /^it is an http:\/\/ link \(popcord\.io-i\.uk\) while the provider's base URL is https:\/\/, so the image would come unencrypted$/,
    );
    assert.match(refused('http://cdn.example.org/a.png', popcord), /plain http on cdn\.example\.org/);
  });

  it('allows https anywhere public, and the provider’s own origin', () => {
    allowed('https://cdn.example.org/a.png', base, ['93.184.216.34']);
    allowed('https://api.provider.example/files/a.png');
    allowed('http://127.0.0.1:7860/view?file=a.png', local);
  });

  it('refuses other schemes', () => {
    assert.match(refused('file:///etc/passwd'), /file: address is not a web address/);
    assert.match(refused('data:image/png;base64,AAAA'), /data: address/);
    assert.match(refused('ftp://example.org/a.png'), /ftp: address/);
  });

  it('refuses plain http away from the provider', () => {
    assert.match(refused('http://cdn.example.org/a.png'), /plain http on cdn\.example\.org/);
  });

  it('refuses loopback, private and link-local hosts unless the provider is there', () => {
    assert.match(refused('https://127.0.0.1/a.png'), /loopback address/);
    assert.match(refused('https://169.254.169.254/latest/meta-data'), /link-local address/);
    assert.match(refused('https://10.0.0.5/a.png'), /private address/);
    assert.match(refused('https://[::1]/a.png'), /loopback address/);
    assert.match(refused('https://localhost/a.png'), /loopback address/);
    assert.match(refused('https://127.0.0.2:7860/a.png', local), /loopback address/);
    allowed('https://127.0.0.1:9999/a.png', local);
  });

  it('judges a name by the addresses it resolves to', () => {
    assert.match(refused('https://evil.example/a.png', base, ['192.168.0.10']), /private address/);
    assert.match(refused('https://evil.example/a.png', base, ['93.184.216.34', '127.0.0.1']), /loopback address/);
    allowed('https://good.example/a.png', base, ['93.184.216.34']);
  });

  it('refuses credentials in the URL', () => {
    assert.match(refused('https://user:pass@cdn.example.org/a.png'), /user name or password/);
  });
});
