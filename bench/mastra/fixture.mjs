// Writes the Mastra memory database the import tests read (tests/data/mastra/fixture.db), with
// Mastra's own code: `Memory` (@mastra/memory) on `LibSQLStore` (@mastra/libsql), versions
// pinned in package.json. Regenerate with:
//
//     cd bench/mastra && npm ci && node fixture.mjs ../../tests/data/mastra/fixture.db
//
// What it holds (the tests count on these figures; change both together):
// - 4 resources, 32 threads:
//   R_ALICE  a Supabase-style user id, mapped by CSV: 14 threads (one of 1,000 messages),
//            resource-scoped working memory
//   bob@example.com  a resourceId that is an email: 8 threads (one thread-scoped working
//            memory) + 1 thread of legacy rows (plain-string and v1 contents, a tool message,
//            a system message) written through Mastra's storage layer as older Mastra did
//   R_CARLA  a resourceId that is an account id: 6 threads, 2 with thread-scoped working memory
//   R_GHOST  nobody's: 3 threads, resource working memory (the import must skip it)
// - v2 messages: text with emoji and markdown, three 10 KB messages, assistant messages with
//   tool invocations (results, and one call without a result), step-start parts.
import { rmSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { LibSQLStore } from '@mastra/libsql';
import { Memory } from '@mastra/memory';
import { createClient } from '@libsql/client';

export const R_ALICE = '8d7e2f7a-1b8e-4f0e-9a52-3c1d2a000001';
export const R_BOB = 'bob@example.com';
export const R_CARLA = '5b0c6a8e-2d4f-4c3a-8e1f-000000000003';
export const R_GHOST = '0f9e8d7c-0000-4000-8000-0000000000ff';

const out = resolve(process.argv[2] ?? 'fixture.db');
// Mastra writes a work file (WAL mode, as it sets up local files); the fixture is a compacted
// copy of it in one file.
const work = `${out}.work`;
for (const f of [out, work, `${work}-wal`, `${work}-shm`]) if (existsSync(f)) rmSync(f);

const storage = new LibSQLStore({ id: 'fixture', url: `file:${work}` });
await storage.init();
const resourceMemory = new Memory({
  storage,
  options: { lastMessages: 20, workingMemory: { enabled: true, scope: 'resource' } },
});
const threadMemory = new Memory({
  storage,
  options: { lastMessages: 20, workingMemory: { enabled: true, scope: 'thread' } },
});

const T0 = Date.parse('2025-03-01T08:00:00.000Z');
const MIN = 60_000;
let clock = T0;
const at = () => new Date((clock += MIN));

const TOPICS = [
  'Hangboard plan for the winter 🧗', 'Finger pulley tweak', 'Project at the crag: Rainbow Rocket',
  'Endurance on the 4x4s', 'Campus board: too early?', 'Rest days and sleep', 'Slab footwork',
  'Trip to Fontainebleau 🇫🇷', 'Deload week', 'Shoulder warm-up', 'Grades: Font vs V scale',
  'Training log review', 'Power endurance block', 'Crimp vs open hand', 'Mental game on lead',
];

function userText(t, i) {
  return [
    `Hi coach! Question about **${TOPICS[t % TOPICS.length]}** (#${i}) 💪`,
    `I did 3 sets of 7s on/3s off today, felt *ok*. Should I add weight?`,
    `My left ring finger is a bit sore after crimping 🤕 — rest or train through?`,
    `Here's my week:\n\n| day | session |\n|---|---|\n| Mon | board |\n| Wed | routes |\n| Sat | crag |`,
  ][i % 4];
}

function assistantText(t, i) {
  return [
    `Good question. A few points:\n\n1. Keep **two rest days** between max hangs.\n2. Add 2.5 kg only when all sets feel like a 7/10.\n\n> Progress is slow on purpose.`,
    `Let's keep it simple: \`10 s hangs × 6\`, 3 min rest. 🎯`,
    `Rest it for a few days, then test with open-hand hangs at bodyweight. If it hurts, see a physio. ❤️‍🩹`,
    `Nice week! Consider swapping Wednesday routes for a **4x4** block on topic ${t}.`,
  ][i % 4];
}

const toolInvocation = (id, name, args, result) => ({
  type: 'tool-invocation',
  toolInvocation: result === undefined
    ? { state: 'call', toolCallId: id, toolName: name, args }
    : { state: 'result', toolCallId: id, toolName: name, args, result },
});

function v2(text, extra = []) {
  return { format: 2, parts: [{ type: 'step-start' }, { type: 'text', text }, ...extra] };
}

function message(id, threadId, resourceId, role, content) {
  return { id, threadId, resourceId, role, content, createdAt: at() };
}

const BIG = (label) =>
  `# ${label}\n\n` + Array.from({ length: 160 }, (_, i) => `- line ${i}: crimp, sloper, pinch — 🧗‍♀️ keep it steady`).join('\n');

async function thread(memory, resourceId, n, id, title, count, { big = false, tools = false, wm } = {}) {
  const createdAt = at();
  await memory.saveThread({
    thread: {
      id, resourceId, title, createdAt, updatedAt: createdAt,
      metadata: { source: 'climbingpill-mastra', topic: n, ...(wm ? { workingMemory: wm } : {}) },
    },
  });
  const msgs = [];
  for (let i = 0; i < count; i++) {
    const mid = `${id}-m${String(i).padStart(4, '0')}`;
    if (i % 2 === 0) {
      msgs.push(message(mid, id, resourceId, 'user', v2(big && i === 2 ? BIG(`Notes ${id}`) : userText(n, i))));
    } else if (tools && i === 1) {
      msgs.push(message(mid, id, resourceId, 'assistant', v2('Let me log that session for you.', [
        toolInvocation(`${id}-call1`, 'logSession', { kind: 'hangboard', sets: 3, grade: '7a' }, { saved: true, entryId: `e-${n}` }),
        { type: 'step-start' },
        { type: 'text', text: 'Logged ✅. Anything else?' },
      ])));
    } else if (tools && i === 3) {
      msgs.push(message(mid, id, resourceId, 'assistant', v2('Checking your recent load…', [
        toolInvocation(`${id}-call2`, 'getProgress', { weeks: 4 }, { sessions: 11, trend: 'up' }),
        toolInvocation(`${id}-call3`, 'remember', { section: 'Goals', note: 'send Rainbow Rocket' }),
      ])));
    } else {
      msgs.push(message(mid, id, resourceId, 'assistant', v2(assistantText(n, i))));
    }
  }
  for (let i = 0; i < msgs.length; i += 100) {
    await memory.saveMessages({ messages: msgs.slice(i, i + 100) });
  }
}

// Alice: 14 threads, one of 1,000 messages, two 10 KB messages, tools.
for (let n = 0; n < 14; n++) {
  const count = n === 0 ? 1000 : 6 + (n % 5);
  await thread(resourceMemory, R_ALICE, n, `alice-t${String(n).padStart(2, '0')}`, TOPICS[n], count, {
    big: n === 3 || n === 7, tools: n % 3 === 1,
  });
}
await resourceMemory.updateWorkingMemory({
  threadId: 'alice-t01', resourceId: R_ALICE,
  workingMemory: '# User Information\n- prefers mornings\n\n## Name\n- Alice\n\n## Level and grades\n- 7a sport, 6C boulder\n\n## Goals\n- send Rainbow Rocket (8a) 🌈\n\n## Injuries\n- left ring finger A2, 2024 (healed)\n\n## Favourite crags\n- Céüse\n- Frankenjura\n',
});

// Bob: resourceId is his email; 8 threads, one 10 KB message, one thread-scoped working memory.
for (let n = 0; n < 8; n++) {
  await thread(threadMemory, R_BOB, n + 20, `bob-t${n}`, TOPICS[(n + 5) % TOPICS.length], 4 + n, {
    big: n === 2, tools: n === 4,
    wm: n === 5 ? '# Trip plan\n\n## Fontainebleau\n- Bas Cuvier, 95.2\n- bring 3 pads' : undefined,
  });
}
await resourceMemory.updateWorkingMemory({
  threadId: 'bob-t0', resourceId: R_BOB,
  workingMemory: '## Name\n- Bob\n\n## Equipment\n- Beastmaker 1000\n- home wall 40°\n',
});

// Bob's legacy thread: rows as older Mastra wrote them (plain strings, v1 arrays, a tool
// message, a system message), through the storage layer that writes them as given.
{
  const id = 'bob-legacy';
  const createdAt = at();
  await threadMemory.saveThread({ thread: { id, resourceId: R_BOB, title: 'Old chat (v1)', createdAt, updatedAt: createdAt, metadata: {} } });
  const rows = [
    { id: 'legacy-1', role: 'system', type: 'v1', content: 'You are a climbing coach.' },
    { id: 'legacy-2', role: 'user', type: 'v1', content: 'plain string from 2024: how many rest days?' },
    { id: 'legacy-3', role: 'assistant', type: 'v1', content: [
      { type: 'text', text: 'Two, usually. Let me note it.' },
      { type: 'tool-call', toolCallId: 'legacy-call', toolName: 'remember', args: { note: 'two rest days' } },
    ] },
    { id: 'legacy-4', role: 'tool', type: 'v1', content: [
      { type: 'tool-result', toolCallId: 'legacy-call', toolName: 'remember', result: 'ok' },
    ] },
    { id: 'legacy-5', role: 'assistant', type: 'v1', content: [{ type: 'text', text: 'Noted: two rest days a week.' }] },
  ].map((r) => ({ ...r, threadId: id, resourceId: R_BOB, createdAt: at() }));
  await storage.stores.memory.saveMessages({ messages: rows });
}

// Carla: resourceId is her ClimbingPill account id; thread-scoped working memory on two threads.
for (let n = 0; n < 6; n++) {
  await thread(threadMemory, R_CARLA, n + 40, `carla-t${n}`, TOPICS[(n + 9) % TOPICS.length], 5 + n, {
    tools: n === 0,
    wm: n < 2 ? `## Session notes\n- thread ${n}: focus on footwork 👣` : undefined,
  });
}

// Nobody's resource: must be skipped and reported.
for (let n = 0; n < 3; n++) {
  await thread(resourceMemory, R_GHOST, n + 60, `ghost-t${n}`, 'Unclaimed', 4);
}
await resourceMemory.updateWorkingMemory({ threadId: 'ghost-t0', resourceId: R_GHOST, workingMemory: '## Name\n- Ghost' });

// One file, no WAL beside it, compacted.
const client = createClient({ url: `file:${work}` });
await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
// Small pages: Mastra creates some 90 tables and indexes, nearly all empty, a page each.
await client.execute('PRAGMA page_size = 1024');
await client.execute({ sql: 'VACUUM INTO ?', args: [out] });
client.close();
for (const f of [work, `${work}-wal`, `${work}-shm`]) if (existsSync(f)) rmSync(f);
const check = createClient({ url: `file:${out}` });
const counts = {};
for (const t of ['mastra_threads', 'mastra_messages', 'mastra_resources']) {
  counts[t] = Number((await check.execute(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
}
check.close();
console.log(JSON.stringify({ file: out, ...counts }));
