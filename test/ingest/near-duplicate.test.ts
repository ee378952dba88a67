import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { bandKeys, decodeSignature, encodeSignature, minhash, openingsAgree, SAME_STORY_SCORE, SAME_STORY_THRESHOLD, similarity, STORY_DECAY_HOURS, storyScore } from '../../src/ingest/near-duplicate.ts';

interface Pair {
  a: string;
  b: string;
  same_story: boolean;
  note: string;
}
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8'));
const labelled = fixture('same-story-pairs.json') as { source: string; labelled_by: string; pairs: Pair[] };
const sample = fixture('same-story-texts.json') as { pairs: Pair[]; texts: Record<string, string> };
interface Item {
  outlet: string;
  title: string;
  text: string;
  at: string;
}
const falseMerges = fixture('false-merge-texts.json') as { pairs: Array<{ a: Item; b: Item; note: string }> };
const texts = (i: Item) => ({ headline: i.title, text: `${i.title}\n${i.text}` });
const sampleTexts = (guid: string) => ({ headline: (sample.texts[guid] ?? '').split('\n')[0] ?? '', text: sample.texts[guid] ?? '' });

function signature(guid: string): Uint32Array {
  const sig = minhash(sample.texts[guid] ?? '');
  assert.ok(sig, `${guid}: too short to compare`);
  return sig;
}

describe('near-duplicate stories', () => {
  it('groups labelled same-story pairs from two outlets, and they meet as LSH candidates', () => {
    const same = sample.pairs.filter((p) => p.same_story);
    assert.ok(same.length >= 3);
    for (const p of same) {
      const [a, b] = [signature(p.a), signature(p.b)];
      assert.ok(similarity(a, b) >= SAME_STORY_THRESHOLD, `${p.note}: ${similarity(a, b)}`);
      const keys = new Set(bandKeys(a));
      assert.ok(bandKeys(b).some((k) => keys.has(k)), `${p.note}: no shared band key`);
    }
  });

  it('keeps labelled different-event pairs apart, hard negatives included', () => {
    const different = sample.pairs.filter((p) => !p.same_story);
    assert.ok(different.length >= 3);
    for (const p of different) {
      const score = similarity(signature(p.a), signature(p.b));
      assert.ok(score < SAME_STORY_THRESHOLD, `${p.note}: ${score}`);
    }
  });

  it('discounts the similarity linearly with the time between the items, to nothing at the story window', () => {
    const p = sample.pairs.find((x) => x.same_story) as Pair;
    const [a, b] = [signature(p.a), signature(p.b)];
    const sim = similarity(a, b);
    const at = (h: number) => new Date(Date.UTC(2018, 9, 16, 8) + h * 3_600_000).toISOString();
    assert.equal(storyScore(a, at(0), b, at(0)), sim);
    assert.equal(storyScore(a, at(0), b, at(STORY_DECAY_HOURS / 2)), sim / 2);
    assert.equal(storyScore(b, at(STORY_DECAY_HOURS / 2), a, at(0)), sim / 2);
    assert.equal(storyScore(a, at(0), b, at(STORY_DECAY_HOURS)), 0);
    assert.equal(storyScore(a, at(0), b, at(-3 * STORY_DECAY_HOURS)), 0);
    assert.equal(storyScore(a, 'not a date', b, at(0)), 0);
    // A same-story pair published together passes; the same words 40 hours apart (as a follow-up would be) do not.
    assert.ok(storyScore(a, at(0), b, at(1)) >= SAME_STORY_SCORE);
    assert.ok(storyScore(a, at(0), b, at(40)) < SAME_STORY_SCORE);
  });

  it('round-trips a stored signature', () => {
    const sig = signature(sample.pairs[0]!.a);
    assert.deepEqual(decodeSignature(encodeSignature(sig)), sig);
  });

  it('refuses texts too short to judge (a headline alone)', () => {
    assert.equal(minhash('أرامكو تنفي رفع أسعار البنزين'), undefined);
  });

  it('ships a labelled set with distinct pairs, both classes and a reason for each', () => {
    const keys = labelled.pairs.map((p) => [p.a, p.b].sort().join(' '));
    assert.equal(new Set(keys).size, keys.length);
    assert.ok(labelled.pairs.filter((p) => p.same_story).length >= 30);
    assert.ok(labelled.pairs.filter((p) => !p.same_story).length >= 100);
    for (const p of labelled.pairs) assert.ok(p.a !== p.b && p.note.trim() !== '', JSON.stringify(p));
  });

  it('rejects the corpus false merges that passed the score by their openings, and keeps the same-story pairs', () => {
    for (const { a, b, note } of falseMerges.pairs) {
      const [sa, sb] = [minhash(`${a.title}\n${a.text}`), minhash(`${b.title}\n${b.text}`)];
      assert.ok(sa && sb);
      // Why they were grouped: the score alone accepts them.
      assert.ok(storyScore(sa, a.at, sb, b.at) >= SAME_STORY_SCORE, `${note}: score`);
      assert.equal(openingsAgree(texts(a), texts(b)), false, note);
    }
    for (const p of sample.pairs.filter((x) => x.same_story)) assert.ok(openingsAgree(sampleTexts(p.a), sampleTexts(p.b)), p.note);
  });
});
