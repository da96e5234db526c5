// The same agent-memory operations as `benches/memory.rs`, on Mastra's own libSQL memory:
// `LibSQLStore` (@mastra/libsql, a `file:` database in a temp dir; Mastra applies WAL +
// synchronous=NORMAL to local files, the same settings as our store) behind `Memory`
// (@mastra/memory) with no LLM, no embedder, no vector store, and resource-scoped working
// memory enabled. Same sizes, iteration counts, warm-up and percentile rule as the Rust bench;
// prints `RESULT <key> <p50_ms> <p95_ms> <p99_ms>` with the same keys, for
// `scripts/bench-memory.sh`.
//
//     cd bench/mastra && npm ci && node bench.mjs
//
// Operation mapping (Mastra 1.x public API, read from the installed packages):
//   create_thread          memory.createThread({ resourceId, title })
//   append_pair            memory.saveMessages({ messages: [user, assistant] })  (V2 DB messages)
//   last20                 memory.recall({ threadId, resourceId, perPage: 20, includeTotal: false })
//                          (resourceId makes it check thread ownership, as ours does; the agent's
//                          MessageHistory processor does the same listMessages DESC LIMIT 20 read)
//   list100                memory.listThreads({ filter: { resourceId }, page: 0, perPage: 100 })
//   update_working_memory  memory.updateWorkingMemory({ threadId, resourceId, workingMemory })
//                          (Mastra replaces the resource's working memory; ours reads + merges)
//   recall                 n/a. Without a vector store + embedder Mastra has NO way to search
//                          message text: semantic recall needs both, the storage API has no text or
//                          keyword filter (listMessages/listMessagesByResourceId filter only on
//                          thread/resource, date range and metadata), and recall() ignores
//                          vectorSearchString when there is no vector store. So `recall` and
//                          `recall_big` print `n/a`.
//                          For information only, `EXTRA recall_scan*` lines time what an app would
//                          have to do instead: fetch every message of the user with
//                          memory.listMessagesByResourceId({ resourceId, perPage: false }) and
//                          keyword-match in JS (top 5 + 1 message of context each side). That is
//                          application code over Mastra's API, not a Mastra feature, so it is
//                          reported apart and never paired with our FTS recall.
//
// Big database (10,000 threads / 200,000 messages, as bulk_fill in the Rust bench): filled
// through Mastra's storage domain (`store.stores.memory`): saveThread per thread, then ONE
// saveMessages call per thread with its 20 messages (Mastra's batch API: libSQL batches of 50
// statements in one transaction), i.e. the same shape as our create_thread + one append batch.
// Env:
//   MASTRA_BIG=1    (default) full size;  MASTRA_BIG=0 skip (big keys print n/a);
//                   MASTRA_BIG=0.1 fill 10% (1,000 threads / 20,000 messages) — printed in a
//                   `NOTE big ...` line so the comparison can flag it.
//   MASTRA_SCAN_N   iterations for the informational recall scan (default 20: ~1 s per call).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { LibSQLStore } from '@mastra/libsql';
import { Memory } from '@mastra/memory';

const WORDS = [
  'crimp', 'sloper', 'pinch', 'hangboard', 'campus', 'repeaters', 'project', 'redpoint',
  'onsight', 'flash', 'pulley', 'finger', 'shoulder', 'core', 'footwork', 'heel', 'toe', 'hook',
  'overhang', 'slab', 'volume', 'endurance', 'power', 'deadhang', 'rest', 'warmup', 'session',
  'gym', 'crag', 'boulder', 'route', 'grade',
];

function sentence(seed) {
  const out = [];
  for (let i = 0; i < 12; i++) out.push(WORDS[(seed * 7 + i * 13 + Math.floor(seed / 3)) % WORDS.length]);
  return out.join(' ');
}

// Same percentile rule as Stats::pct in benches/memory.rs.
function pct(sorted, p) {
  const i = Math.min(Math.max(Math.ceil(sorted.length * p), 1), sorted.length) - 1;
  return sorted[i];
}

async function measure(key, name, n, f, tag = 'RESULT') {
  for (let i = 0; i < Math.min(n, 20); i++) await f(i); // warm-up
  const d = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await f(i + 1000);
    d[i] = Number(process.hrtime.bigint() - t) / 1e6;
  }
  d.sort((a, b) => a - b);
  const [p50, p95, p99] = [pct(d, 0.5), pct(d, 0.95), pct(d, 0.99)];
  console.log(`| ${name.padEnd(44)} | ${String(n).padStart(5)} | ${p50.toFixed(3).padStart(8)} | ${p95.toFixed(3).padStart(8)} | ${p99.toFixed(3).padStart(8)} |`);
  console.log(`${tag} ${key} ${p50.toFixed(4)} ${p95.toFixed(4)} ${p99.toFixed(4)}`);
}

function na(key, name, why) {
  console.log(`| ${name.padEnd(44)} |     - |      n/a |      n/a |      n/a |`);
  console.log(`RESULT ${key} n/a n/a n/a`);
  console.log(`NOTE ${key} ${why}`);
}

function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}

// A stored message in Mastra's V2 DB format, as an agent turn would save it.
let clock = Date.now();
function msg(threadId, resourceId, role, text) {
  clock = Math.max(clock + 1, Date.now()); // strictly increasing createdAt keeps order stable
  return {
    id: randomUUID(),
    role,
    createdAt: new Date(clock),
    threadId,
    resourceId,
    type: 'v2',
    content: { format: 2, parts: [{ type: 'text', text }] },
  };
}

function textOf(m) {
  const c = m.content;
  if (typeof c === 'string') return c;
  if (c?.parts) return c.parts.filter((p) => p.type === 'text').map((p) => p.text).join(' ');
  return typeof c?.content === 'string' ? c.content : '';
}

// Informational only (see header): app-level keyword scan over everything Mastra returns for a
// resource, top k with one message of context either side.
async function scanRecall(memory, resourceId, query, k) {
  const terms = query.toLowerCase().match(/[a-z0-9]+/g).filter((t) => t.length >= 3);
  const { messages } = await memory.listMessagesByResourceId({ resourceId, perPage: false });
  const scored = [];
  for (let i = 0; i < messages.length; i++) {
    const text = textOf(messages[i]).toLowerCase();
    let s = 0;
    for (const t of terms) if (text.includes(t)) s++;
    if (s > 0) scored.push([s, i]);
  }
  scored.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  return scored.slice(0, k).map(([, i]) => ({
    hit: messages[i],
    context: [messages[i - 1], messages[i + 1]].filter((m) => m && m.threadId === messages[i].threadId),
  }));
}

async function main() {
  const bigScale = process.env.MASTRA_BIG === undefined ? 1 : Number(process.env.MASTRA_BIG);
  const scanN = Number(process.env.MASTRA_SCAN_N ?? 20);
  const dir = mkdtempSync(join(tmpdir(), 'mastra-bench-'));
  const store = new LibSQLStore({ id: 'bench', url: `file:${join(dir, 'mastra.db')}` });
  await store.init();
  const memory = new Memory({
    storage: store,
    options: {
      lastMessages: 20,
      semanticRecall: false,
      generateTitle: false,
      workingMemory: { enabled: true, scope: 'resource' },
    },
  });
  const memStore = store.stores.memory;

  const user = 'bench-user';
  const long = await memory.createThread({ resourceId: user, title: 'long' });
  for (let i = 0; i < 100; i++) {
    await memory.saveMessages({
      messages: [msg(long.id, user, 'user', sentence(i)), msg(long.id, user, 'assistant', sentence(i + 1))],
    });
  }
  for (let i = 0; i < 120; i++) await memory.createThread({ resourceId: user, title: `thread ${i}` });
  await memory.saveMessages({
    messages: [msg(long.id, user, 'user', 'my left ring finger pulley felt tweaky')],
  });

  console.log('Mastra memory (@mastra/memory + @mastra/libsql, no LLM/embedder/vector), times in ms');
  console.log('| operation                                    |     n |      p50 |      p95 |      p99 |');
  console.log('|----------------------------------------------|-------|----------|----------|----------|');
  const scratch = await memory.createThread({ resourceId: user, title: 'scratch' });
  await measure('create_thread', 'create thread', 1000, async (i) => {
    await memory.createThread({ resourceId: 'creator', title: `t${i}` });
  });
  await measure('append_pair', 'append user+assistant pair', 1000, async (i) => {
    await memory.saveMessages({
      messages: [
        msg(scratch.id, user, 'user', sentence(i)),
        msg(scratch.id, user, 'assistant', sentence(i + 5)),
      ],
    });
  });
  const last20 = async () => {
    const r = await memory.recall({ threadId: long.id, resourceId: user, perPage: 20, includeTotal: false });
    assert(r.messages.length === 20, `last20 got ${r.messages.length}`);
  };
  const list100 = async () => {
    const r = await memory.listThreads({ filter: { resourceId: user }, page: 0, perPage: 100 });
    assert(r.threads.length === 100, `list100 got ${r.threads.length}`);
  };
  const scan = async () => {
    assert((await scanRecall(memory, user, 'is my ring pulley ok?', 5)).length > 0, 'scan recall empty');
  };
  await measure('last20', 'last 20 messages of a 200-message thread', 1000, last20);
  await measure('list100', 'list 100 threads of a user', 1000, list100);
  await measure('update_working_memory', 'update working memory', 1000, async (i) => {
    await memory.updateWorkingMemory({ threadId: long.id, resourceId: user, workingMemory: `## Goals\n- goal ${i}\n` });
  });
  na('recall', 'FTS recall (top 5, with context)', 'Mastra has no text search without a vector store + embedder');
  await measure('recall_scan', 'info: app-level scan of all user messages', scanN, scan, 'EXTRA');

  const threads = Math.round(10_000 * bigScale);
  const perThread = 20;
  if (threads > 0) {
    const t = process.hrtime.bigint();
    for (let ti = 0; ti < threads; ti++) {
      const resourceId = `bulk-user-${ti % 500}`;
      const now = new Date();
      const thread = { id: randomUUID(), resourceId, title: '', createdAt: now, updatedAt: now, metadata: {} };
      await memStore.saveThread({ thread });
      const batch = [];
      for (let i = 0; i < perThread; i++) {
        batch.push(msg(thread.id, resourceId, i % 2 === 0 ? 'user' : 'assistant', sentence(ti * perThread + i)));
      }
      await memStore.saveMessages({ messages: batch });
    }
    const secs = Number(process.hrtime.bigint() - t) / 1e9;
    console.error(`filled ${threads.toLocaleString('en-US')} threads / ${(threads * perThread).toLocaleString('en-US')} messages in ${secs.toFixed(1)} s`);
    if (threads !== 10_000) {
      console.log(`NOTE big scaled by MASTRA_BIG=${bigScale}: ${threads} threads / ${threads * perThread} messages instead of 10000 / 200000`);
    }
    await measure('last20_big', 'last 20 messages (10k threads, 200k messages)', 1000, last20);
    await measure('list100_big', 'list 100 threads (10k threads, 200k messages)', 1000, list100);
    na('recall_big', 'FTS recall (10k threads, 200k messages)', 'Mastra has no text search without a vector store + embedder');
    await measure('recall_scan_big', 'info: app-level scan (10k threads, 200k msgs)', scanN, scan, 'EXTRA');
  } else {
    for (const [key, name] of [
      ['last20_big', 'last 20 messages (10k threads, 200k messages)'],
      ['list100_big', 'list 100 threads (10k threads, 200k messages)'],
      ['recall_big', 'FTS recall (10k threads, 200k messages)'],
    ]) na(key, name, 'skipped (MASTRA_BIG=0)');
  }

  await memory.settled?.();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
