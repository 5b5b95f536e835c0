// A worker for the pool's own test: it never finishes (department "spin"), answers at once ("quick")
// or allocates until the heap limit kills it (anything else), whatever the reader can be made to do.
export default function misbehave({ started, task }) {
  started.postMessage('started');
  started.close();
  if (task.options.department === 'spin') for (;;);
  if (task.options.department === 'quick')
    return { ok: false, problem: { code: 'empty', message: { ja: '空', en: 'empty' } } };
  const hoard = [];
  for (;;) hoard.push(new Array(1_000_000).fill(hoard.length));
}
