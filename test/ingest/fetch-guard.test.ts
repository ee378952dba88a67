import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isJaridaError } from '../../src/core/errors.ts';
import { AddressGuard, allowEntryProblem } from '../../src/ingest/fetch-guard.ts';

// Only address checks: nothing here opens a connection.
describe('fetch guard address ranges', () => {
  const guard = new AddressGuard(['127.0.0.1']);

  it('refuses 6to4 (2002::/16) and Teredo (2001::/32) addresses, which tunnel to IPv4 hosts', () => {
    for (const address of ['2002:7f00:1::', '2002:c0a8:101::1', '2002::1', '2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2']) {
      assert.match(guard.refusal(address) ?? '', /private, loopback, link-local or reserved/u, address);
    }
    // Neighbouring global ranges stay reachable.
    for (const address of ['2001:4860:4860::8888', '2003::1', '2a00:1450:4001::1']) assert.equal(guard.refusal(address), undefined, address);
  });

  it('an allow entry that is not an address or a CIDR range is named in the error', () => {
    for (const entry of ['localhost', '127.0.0.1/33', '::1/129', '10.0.0.0/8/8', '127.0.0.1/x']) {
      assert.ok(allowEntryProblem(entry)?.includes(JSON.stringify(entry)), entry);
      assert.throws(() => new AddressGuard([entry]), (err) => isJaridaError(err, 'CONFIG_INVALID') && err.message.includes(JSON.stringify(entry)), entry);
    }
    for (const entry of ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', '0.0.0.0/0']) assert.equal(allowEntryProblem(entry), undefined, entry);
  });
});
