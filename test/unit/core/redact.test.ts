import assert from 'node:assert/strict';
import { redact } from '../../../src/core/log';

describe('redact', () => {
  const cases: [string, string, RegExp][] = [
    ['LaunchDarkly access token', 'using api-12345678-1234-1234-1234-123456789abc now', /12345678-1234/],
    ['Unleash admin token', 'token *:development.0123456789abcdef0123456789 rejected', /0123456789abcdef/],
    ['Authorization header in JSON', '{"headers":{"Authorization":"Bearer abc.def.ghi"}}', /abc\.def\.ghi/],
    ['token= query', 'GET /x?token=s3cr3tvalue&y=1', /s3cr3tvalue/],
    ['password field', "{ password: 'hunter22' }", /hunter22/],
    ['URL password', 'GET http://user:hunter2@h/x', /hunter2|user:/],
    ['URL user name alone', 'fetch https://s3cr3t-token@example.com/api failed', /s3cr3t-token/],
  ];
  for (const [name, input, secret] of cases) {
    it(`removes a ${name}`, () => {
      const out = redact(input);
      assert.doesNotMatch(out, secret, out);
      assert.match(out, /\*\*\*/);
    });
  }

  it('removes known secrets verbatim and leaves ordinary text alone', () => {
    assert.equal(redact('connect with zz-top-secret-zz please', ['zz-top-secret-zz']), 'connect with *** please');
    assert.equal(redact('flag new-checkout is ON in dev'), 'flag new-checkout is ON in dev');
  });

  it('keeps the name of the credential so the log still says what was hidden', () => {
    assert.equal(redact('token=abcdef123'), 'token=***');
  });

  it('keeps the scheme and host of a URL whose userinfo it hides', () => {
    assert.equal(redact('GET http://user:hunter2@h/x'), 'GET http://***@h/x');
  });
});
