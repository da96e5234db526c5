// Reads a Mastra memory database back with Mastra's own code and prints it as JSON, so a test
// can compare a file Mastra wrote with one `climbingpill memory export-mastra` wrote:
//
//     node read.mjs FILE.db [RESOURCE_ID ...]
//
// For each resource (all of them when none are given): its working memory
// (`memory.getWorkingMemory`, resource scope) and its threads (`memory.listThreads`), each with
// `memory.getThreadById`, its thread-scoped working memory (`getWorkingMemory`, thread scope)
// and every message in order (`memory.recall`, no limit): id, role, text (text parts joined
// with a newline, as ClimbingPill shows them) and tool invocations.
import { LibSQLStore } from '@mastra/libsql';
import { Memory } from '@mastra/memory';

const [file, ...wanted] = process.argv.slice(2);
if (!file) {
  console.error('usage: node read.mjs FILE.db [RESOURCE_ID ...]');
  process.exit(2);
}
const storage = new LibSQLStore({ id: 'read', url: `file:${file}` });
await storage.init();
const byResource = new Memory({ storage, options: { workingMemory: { enabled: true, scope: 'resource' } } });
const byThread = new Memory({ storage, options: { workingMemory: { enabled: true, scope: 'thread' } } });

// Which resources: the ones asked for, else every thread owner and resource with a memory.
let resources = wanted;
if (resources.length === 0) {
  const seen = new Set();
  let page = 0;
  for (;;) {
    const res = await byResource.listThreads({ page, perPage: 100 });
    res.threads.forEach((t) => seen.add(t.resourceId));
    if (!res.hasMore) break;
    page++;
  }
  resources = [...seen].sort();
}

function textOf(m) {
  const c = m.content;
  if (typeof c === 'string') return c;
  const parts = (c?.parts ?? []).filter((p) => p.type === 'text').map((p) => p.text);
  if (parts.length === 0 && typeof c?.content === 'string') return c.content;
  return parts.join('\n');
}

function toolsOf(m) {
  return (m.content?.parts ?? [])
    .filter((p) => p.type === 'tool-invocation')
    .map(({ toolInvocation: t }) => ({ name: t.toolName, state: t.state, args: t.args, result: t.result ?? null }));
}

const out = { resources: {} };
for (const resourceId of resources) {
  const threads = [];
  const list = await byResource.listThreads({ filter: { resourceId }, perPage: false });
  for (const listed of list.threads.sort((a, b) => a.id.localeCompare(b.id))) {
    const t = await byResource.getThreadById({ threadId: listed.id });
    const { messages } = await byResource.recall({ threadId: t.id, resourceId, perPage: false });
    threads.push({
      id: t.id,
      title: t.title,
      createdAt: t.createdAt.toISOString(),
      workingMemory: await byThread.getWorkingMemory({ threadId: t.id, resourceId }),
      messages: messages.map((m) => ({ id: m.id, role: m.role, text: textOf(m), tools: toolsOf(m) })),
    });
  }
  out.resources[resourceId] = {
    workingMemory: await byResource.getWorkingMemory({ threadId: threads[0]?.id ?? 'none', resourceId }),
    threads,
  };
}
console.log(JSON.stringify(out));
