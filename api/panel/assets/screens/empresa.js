// The frame of one empresa's screens: its name, WhatsApp status and tabs,
// kept live from the WebSocket, and the screen the address names.
import { html, useCallback, useEffect, useState } from '../lib.js';
import { get, empresaPath } from '../api.js';
import { useLive, useReconnected } from '../live.js';
import { StatusBadge, Loading, ErrorText } from '../ui.js';
import { Overview } from './overview.js';
import { WhatsApp } from './whatsapp.js';
import { Estoque } from './estoque.js';
import { Conversas } from './conversas.js';
import { Simulador } from './simulador.js';
import { Configuracoes } from './configuracoes.js';
import { Webhook } from './webhook.js';

// TABS: [path segment, label, screen]. A new screen is one more line.
const TABS = [
  ['', 'Visão geral', Overview],
  ['whatsapp', 'WhatsApp', WhatsApp],
  ['estoque', 'Estoque', Estoque],
  ['conversas', 'Conversas', Conversas],
  ['simulador', 'Simulador', Simulador],
  ['configuracoes', 'Configurações', Configuracoes],
  ['webhook', 'Webhook', Webhook],
];

export function EmpresaFrame({ session, id, screen, arg }) {
  const [empresa, setEmpresa] = useState(null);
  const [status, setStatus] = useState(null);
  const [error, setError] = useState(null);

  const load = useCallback(() => {
    get(empresaPath(id)).then((r) => setEmpresa(r.empresa)).catch(setError);
    get(`/api/bot/status/${id}`).then(setStatus).catch(() => {});
  }, [id]);
  useEffect(load, [load]);
  useReconnected(load, [load]);

  useLive((events) => {
    for (const ev of events) {
      if (ev.empresaId !== id) continue;
      if (ev.type === 'status') setStatus(ev);
      else if (ev.type === 'bot_toggle') setEmpresa((e) => (e ? { ...e, botAtivo: ev.botAtivo } : e));
    }
  }, [id]);

  useEffect(() => {
    const tab = TABS.find(([p]) => p === screen);
    document.title = `${tab ? tab[1] : 'Empresa'} · ${empresa ? empresa.nome : `Empresa ${id}`} — VendeAI`;
  }, [screen, empresa, id]);

  if (error) {
    return html`<main class="pagina-simples" id="conteudo">
      <h1>${error.status === 404 ? 'Empresa não encontrada' : 'Não foi possível abrir a empresa'}</h1>
      <${ErrorText} error=${error} />
      ${session.admin ? html`<p><a href="/painel/empresas">Voltar às empresas</a></p>` : ''}
    </main>`;
  }
  const [, , Screen] = TABS.find(([p]) => p === screen) || TABS[0];
  const base = `/painel/empresas/${id}`;
  return html`<div class="moldura">
    <a class="pular" href="#conteudo">Pular para o conteúdo</a>
    <header class="topo">
      <div class="topo-linha">
        ${session.admin ? html`<a class="voltar" href="/painel/empresas">‹ Empresas</a>` : ''}
        <span class="marca" aria-hidden="true">VendeAI</span>
        <a class="sair" href="/painel/sair">Sair</a>
      </div>
      <div class="topo-empresa">
        <h1>${empresa ? empresa.nome : `Empresa ${id}`}</h1>
        ${status ? html`<${StatusBadge} status=${status.status} />` : ''}
      </div>
      <nav class="abas" aria-label="Seções da empresa">
        ${TABS.map(([p, label]) => html`<a href=${p ? `${base}/${p}` : base}
          aria-current=${p === screen ? 'page' : undefined}>${label}</a>`)}
      </nav>
    </header>
    <main id="conteudo" tabindex="-1">
      ${empresa ? html`<${Screen} id=${id} session=${session} empresa=${empresa} setEmpresa=${setEmpresa}
        status=${status} setStatus=${setStatus} arg=${arg} />` : html`<${Loading} />`}
    </main>
  </div>`;
}
