// Live events: one WebSocket (/ws, authenticated by the session cookie)
// for the page's empresa, or for every empresa on the admin's list. It
// reconnects with a growing, jittered delay; while it is down the app shows
// "reconectando…". Events reach subscribers in batches, at most every 50 ms,
// so a burst (a thousand status changes) costs a handful of renders.
import { useEffect, useState } from './lib.js';
import { get } from './api.js';

const subscribers = new Set();
const reconnectHooks = new Set();
const stateHooks = new Set();
let socket = null;
let target = null; // the /ws path followed, null when stopped
let attempt = 0;
let retryTimer = 0;
let queue = [];
let flushTimer = 0;
let state = 'idle'; // idle, connecting, open, reconnecting

function setState(s) {
  if (state === s) return;
  state = s;
  stateHooks.forEach((fn) => fn(s));
}

// follow makes the socket follow empresa id (0: every empresa, admin only).
export function follow(id) {
  const path = id ? `/ws?empresa_id=${encodeURIComponent(id)}` : '/ws';
  if (path === target && (socket || retryTimer)) return;
  stop();
  target = path;
  open();
}

// stop closes the socket for good (logout).
export function stop() {
  target = null;
  clearTimeout(retryTimer);
  retryTimer = 0;
  attempt = 0;
  if (socket) {
    const s = socket;
    socket = null;
    s.close(1000);
  }
  setState('idle');
}

function open() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const s = new WebSocket(`${scheme}//${location.host}${target}`);
  socket = s;
  retryTimer = 0;
  if (state !== 'reconnecting') setState('connecting');
  s.addEventListener('open', () => {
    if (socket !== s) return;
    const resumed = attempt > 0;
    attempt = 0;
    setState('open');
    if (resumed) reconnectHooks.forEach((fn) => fn());
  });
  s.addEventListener('message', (e) => {
    if (socket !== s) return;
    let ev;
    try { ev = JSON.parse(e.data); } catch { return; }
    queue.push(ev);
    if (!flushTimer) flushTimer = setTimeout(flush, 50);
  });
  s.addEventListener('close', () => {
    if (socket !== s) return;
    socket = null;
    setState('reconnecting');
    attempt++;
    const delay = Math.min(15000, 500 * 2 ** Math.min(attempt - 1, 5));
    retryTimer = setTimeout(open, delay / 2 + Math.random() * delay / 2);
    // A socket refused for good (session ended, token rotated) shows up
    // here as a close: the session check sends the dealer to the login.
    get('/api/sessao').catch(() => {});
  });
}

function flush() {
  flushTimer = 0;
  const batch = queue;
  queue = [];
  subscribers.forEach((fn) => fn(batch));
}

// useLive calls onBatch(events) with each batch of live events.
export function useLive(onBatch, deps) {
  useEffect(() => {
    subscribers.add(onBatch);
    return () => subscribers.delete(onBatch);
  }, deps);
}

// useReconnected calls fn after the socket comes back from a drop: what
// happened meanwhile was missed, so screens fetch again.
export function useReconnected(fn, deps) {
  useEffect(() => {
    reconnectHooks.add(fn);
    return () => reconnectHooks.delete(fn);
  }, deps);
}

// useLiveState is the socket's state, for the "reconectando…" banner.
export function useLiveState() {
  const [s, set] = useState(state);
  useEffect(() => {
    stateHooks.add(set);
    set(state);
    return () => stateHooks.delete(set);
  }, []);
  return s;
}
