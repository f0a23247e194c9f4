import assert from 'node:assert/strict';
import { TopicStore } from '../../nodes/lib/topic-store';

describe('TopicStore', () => {
  it('evicts the least recently used topic beyond its bound', () => {
    const evicted: string[] = [];
    const store = new TopicStore<number>(2, (topic) => evicted.push(topic));
    store.set('a', 1);
    store.set('b', 2);
    store.get('a'); // a is now the most recently used
    store.set('c', 3);
    assert.deepEqual(store.topics(), ['a', 'c']);
    assert.deepEqual(evicted, ['b']);
  });

  it('keeps the order right when the same topic is read again and again', () => {
    const store = new TopicStore<number>(2);
    store.set('a', 1);
    store.set('b', 2);
    store.get('b');
    store.get('b');
    store.get('a');
    store.get('a');
    store.set('c', 3);
    assert.deepEqual(store.topics(), ['a', 'c']);
    store.delete('c');
    store.get('a');
    store.set('d', 4);
    store.set('e', 5);
    assert.deepEqual(store.topics(), ['d', 'e']);
  });

  it('reports evictions once per burst', () => {
    const store = new TopicStore<number>(10);
    for (let i = 0; i < 1000; i++) store.getOrCreate(`t${i}`, () => i);
    assert.equal(store.size, 10);
    assert.deepEqual(store.takeEvictions(), { count: 990, lastTopic: 't989' });
    assert.equal(store.takeEvictions(), undefined);
  });

  it('peeks without touching recency and shrinks on resize', () => {
    const store = new TopicStore<number>(3);
    store.set('a', 1);
    store.set('b', 2);
    store.set('c', 3);
    assert.equal(store.peek('a'), 1);
    store.resize(2);
    assert.deepEqual(store.topics(), ['b', 'c']);
  });

  it('refuses a bound that is not a positive integer', () => {
    assert.throws(() => new TopicStore(0), /positive integer/);
    assert.throws(() => new TopicStore(1.5), /positive integer/);
  });
});
