// The panel's entry: who is logged in, which screen the address names, the
// empresa frame around its screens, and the "reconectando…" banner.
import { html, render, useEffect, useState, useCallback } from './lib.js';
import { get, whenSessionEnds } from './api.js';
import { navigate, useLocation, interceptLinks, safeReturn, Redirect } from './router.js';
import { follow, stop, useLiveState } from './live.js';
import { Loading } from './ui.js';
import { Login, Logout } from './screens/login.js';
import { Empresas } from './screens/empresas.js';
import { EmpresaFrame } from './screens/empresa.js';
import { NoAccess, NotFound } from './screens/noaccess.js';

// The screens under /painel/empresas/:id/, by their path segment. A later
// screen adds one line here and one tab in screens/empresa.js.
const EMPRESA_SCREENS = new Set(['', 'whatsapp', 'estoque', 'conversas', 'simulador', 'configuracoes', 'webhook']);

function LiveBanner() {
  const state = useLiveState();
  if (state !== 'reconnecting') return null;
  return html`<div class="faixa-reconexao" role="status">Conexão em tempo real perdida — reconectando…</div>`;
}

function App() {
  const { path, params } = useLocation();
  const [session, setSession] = useState(null); // null: asking; false: logged out
  const [ended, setEnded] = useState('');

  useEffect(() => {
    // While the appliance starts (503), ask again; anything else means "log in".
    const ask = () => get('/api/sessao').then(setSession)
      .catch((err) => (err.status === 503 ? setTimeout(ask, 1000) : setSession(false)));
    ask();
  }, []);

  const sessionEnded = useCallback(() => {
    stop();
    setSession(false);
    setEnded('Sua sessão terminou (expirou, saiu em outra aba ou o token foi trocado). Entre de novo.');
    const here = location.pathname + location.search;
    if (!here.startsWith('/painel/entrar') && !here.startsWith('/painel/sair')) {
      navigate(`/painel/entrar?para=${encodeURIComponent(here)}`, { replace: true });
    }
  }, []);
  useEffect(() => whenSessionEnds(sessionEnded), [sessionEnded]);

  const parts = path.replace(/^\/painel\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);

  if (parts[0] === 'sair') {
    return html`<${Logout} onDone=${() => { stop(); setSession(false); setEnded(''); }} />`;
  }
  if (session === null) return html`<${Loading} text="Carregando o painel…" />`;
  if (parts[0] === 'entrar') {
    if (session) return html`<${Redirect} to=${safeReturn(params.get('para')) || home(session)} />`;
    return html`<${Login} notice=${ended} onLogin=${(s) => {
      setEnded('');
      setSession(s);
      navigate(safeReturn(params.get('para')) || home(s), { replace: true });
    }} />`;
  }
  if (!session) {
    const here = path + location.search;
    return html`<${Redirect} to=${`/painel/entrar${parts.length ? `?para=${encodeURIComponent(here)}` : ''}`} />`;
  }
  return html`<${LiveBanner} /><${Routed} session=${session} parts=${parts} />`;
}

function home(s) {
  return s.admin ? '/painel/empresas' : `/painel/empresas/${s.empresaId}`;
}

function Routed({ session, parts }) {
  const [first, id, screen = '', ...rest] = parts;
  const empresaID = /^[1-9]\d{0,9}$/.test(id || '') ? Number(id) : 0;
  const allowed = session.admin || (empresaID && session.empresaId === empresaID);
  const known = first === 'empresas' && (id === undefined || (empresaID && EMPRESA_SCREENS.has(screen)
    && (rest.length === 0 || (screen === 'conversas' && rest.length === 1))));

  useEffect(() => {
    if (!known) return;
    if (id === undefined && session.admin) follow(0);
    else if (empresaID && allowed) follow(empresaID);
  }, [id, empresaID, allowed, known]);

  if (parts.length === 0) return html`<${Redirect} to=${home(session)} />`;
  if (!known) return html`<${NotFound} session=${session} />`;
  if (id === undefined) {
    return session.admin ? html`<${Empresas} session=${session} />` : html`<${NoAccess} session=${session} />`;
  }
  if (!allowed) return html`<${NoAccess} session=${session} />`;
  return html`<${EmpresaFrame} key=${empresaID} session=${session} id=${empresaID} screen=${screen} arg=${rest[0] || ''} />`;
}

interceptLinks();
render(html`<${App} />`, document.getElementById('app'));
