import { strict as assert } from 'node:assert';
import { decodeBase64Image } from '../../src/core/base64';

const bytes = (text: string) => new Uint8Array(Buffer.from(text));

describe('decodeBase64Image', () => {
  it('decodes plain, padded, line-broken, data-URL and URL-safe base64', () => {
    assert.deepEqual(decodeBase64Image('aGVsbG8='), bytes('hello'));
    assert.deepEqual(decodeBase64Image('aGVsbG8h'), bytes('hello!'));
    assert.deepEqual(decodeBase64Image('aGVs\r\nbG8='), bytes('hello'));
    assert.deepEqual(decodeBase64Image('data:image/png;base64,aGVsbG8='), bytes('hello'));
    assert.deepEqual(decodeBase64Image(Buffer.from([0xfb, 0xff, 0xbf]).toString('base64url')), new Uint8Array([0xfb, 0xff, 0xbf]));
  });

  it('refuses what is not base64 instead of decoding around it', () => {
    assert.equal(decodeBase64Image('base64 encoded image data'), undefined);
    assert.equal(decodeBase64Image('aGVs*bG8='), undefined);
    assert.equal(decodeBase64Image('aGV=sbG8'), undefined);
    assert.equal(decodeBase64Image('a'), undefined);
    assert.equal(decodeBase64Image(''), undefined);
    assert.equal(decodeBase64Image('===='), undefined);
  });
});
