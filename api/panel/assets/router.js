// History routing: every /painel/... address is a real URL the server
// answers with the app, so links can be shared, bookmarked and reloaded.
import { useEffect, useState } from './lib.js';

const listeners = new Set();

export function navigate(to, { replace = false } = {}) {
  if (to === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', to);
  listeners.forEach((fn) => fn());
  if (!replace) window.scrollTo(0, 0);
}

// useLocation re-renders on every navigation: {path, params}.
export function useLocation() {
  const [, tick] = useState(0);
  useEffect(() => {
    const fn = () => tick((n) => n + 1);
    listeners.add(fn);
    window.addEventListener('popstate', fn);
    return () => {
      listeners.delete(fn);
      window.removeEventListener('popstate', fn);
    };
  }, []);
  return { path: location.pathname, params: new URLSearchParams(location.search) };
}

// setParams replaces the query string (filters, pages) without a new
// history entry for every keystroke.
export function setParams(values) {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(values)) {
    if (v === '' || v === null || v === undefined) q.delete(k);
    else q.set(k, String(v));
  }
  const s = q.toString();
  navigate(location.pathname + (s ? `?${s}` : ''), { replace: true });
}

// Same-origin links to the panel move without a page load; modified
// clicks (new tab) and downloads are left to the browser.
export function interceptLinks() {
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest('a[href]');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith('/painel/')) return;
    e.preventDefault();
    navigate(url.pathname + url.search);
  });
}

// safeReturn accepts only a panel path to go back to after the login.
export function safeReturn(to) {
  return typeof to === 'string' && /^\/painel\/[\w\-/%.]*(\?[\w\-=&%.]*)?$/.test(to) && !to.startsWith('/painel/entrar') && !to.startsWith('/painel/sair') ? to : '';
}

// Redirect moves to another address once rendered.
export function Redirect({ to }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
