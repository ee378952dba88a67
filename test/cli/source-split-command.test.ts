import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sourceCommand } from '../../src/cli/source-command.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { feedFixture, type FeedServer, startFeedServer } from '../helpers/feed-server.ts';
import { testConfig } from '../helpers/test-app.ts';

/** `jarida source joined` lists a source's items grouped into stories; `jarida source split <item id>` takes one out (story-split.ts). */

let feeds: FeedServer;
before(async () => {
  feeds = await startFeedServer();
  feeds.set('/aljazeera.xml', feedFixture('story-aljazeera.xml'));
  feeds.set('/bbc.xml', feedFixture('story-bbc.xml'));
});
after(async () => feeds?.close());

test('jarida source split takes a grouped item out of its story', async () => {
  const config = testConfig({ fetch: { allowPrivateAddresses: ['127.0.0.1'] } });
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await sourceCommand(config, args, { out: (l: string) => out.push(l), err: (l: string) => err.push(l), tty: false });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  assert.equal((await run('add', `${feeds.base}/aljazeera.xml`, '--outlet', 'الجزيرة', '--category', 'محلي', '--mode', 'publish')).code, 0);
  assert.equal((await run('add', `${feeds.base}/bbc.xml`, '--outlet', 'بي بي سي عربي', '--category', 'محلي', '--mode', 'publish')).code, 0);
  assert.equal((await run('poll', '1')).code, 0);
  assert.match((await run('poll', '2')).out, /1 joined a story/u);

  const joined = await run('joined', '2');
  const itemId = /^(\d+)\t/u.exec(joined.out)?.[1];
  assert.ok(itemId, joined.out);
  assert.equal((await run('split')).code, 2, 'an item id is required');
  assert.equal((await run('split', 'abc')).code, 2);

  const split = await run('split', itemId);
  assert.equal(split.code, 0, split.err);
  assert.match(split.out, new RegExp(`item ${itemId} split from the story of article \\d+: now article \\d+ \\(published\\)`, 'u'));
  assert.equal((await run('joined', '2')).out, "no item of source 2 has joined another outlet's story", 'says so rather than printing nothing');
  await assert.rejects(run('split', itemId), (err: unknown) => isJaridaError(err, 'VALIDATION') && err.details.reason === 'story_split_not_joined');
});
