// The panel's only way to the appliance: the documented REST API, with the
// session cookie (same origin). Failures become ApiError with the API's own
// Portuguese message, code and per-field erros.

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `o servidor respondeu ${status}`);
    this.status = status;
    this.code = (body && body.code) || '';
    this.erros = (body && body.erros) || null;
  }
}

let onSessionEnded = () => {};

// whenSessionEnds registers what to do when the API answers 401 (the
// session expired, was logged out, or its token was rotated).
export function whenSessionEnds(fn) { onSessionEnded = fn; }

export async function api(method, path, body) {
  const opts = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body instanceof FormData) {
    opts.body = body;
  } else if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, opts);
  } catch {
    throw new ApiError(0, { error: 'sem conexão com o servidor; verifique a rede e tente de novo', code: 'network' });
  }
  let data = null;
  if ((res.headers.get('Content-Type') || '').includes('application/json')) {
    data = await res.json().catch(() => null);
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && path !== '/api/sessao') onSessionEnded(err);
    throw err;
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);

// empresaPath is an empresa's API path: empresaPath(7, '/veiculos').
export const empresaPath = (id, rest = '') => `/api/empresas/${id}${rest}`;

// query builds "?a=1&b=2" from the given values, leaving out empty ones.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== '' && v !== null && v !== undefined) q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

// startOfToday is the browser's local midnight: "today" as the dealer sees it.
export function startOfToday() {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
}

// fieldErrors turns the API's erros [{campo, erro}] into {campo: erro}.
export function fieldErrors(err) {
  const out = {};
  if (err && Array.isArray(err.erros)) {
    for (const e of err.erros) {
      if (e && e.campo && !out[e.campo]) out[e.campo] = e.erro;
    }
  }
  return out;
}
