// /painel/empresas/:id/conversas — the leads, newest activity first, with
// status filters and search, kept live; /conversas/:phone is one of them.
import { html, useCallback, useEffect, useMemo, useState } from '../lib.js';
import { get, empresaPath, query } from '../api.js';
import { useLocation, setParams } from '../router.js';
import { useLive, useReconnected } from '../live.js';
import { ErrorText, Field, Loading, throttle } from '../ui.js';
import { LEAD_STATUSES, phone as fmtPhone, when } from '../format.js';
import { Conversa } from './conversa.js';

const PAGE = 30;

// Where a lead came from (origem.tipo); "direto" is the quiet default and
// gets no tag in the list.
const ORIGENS = { anuncio: 'Anúncio', link: 'Link wa.me', direto: 'Direto', loja: 'Loja escreveu' };

export function Conversas(props) {
  return props.arg ? html`<${Conversa} ...${props} phone=${props.arg} />` : html`<${LeadList} ...${props} />`;
}

function LeadList({ id }) {
  const { params } = useLocation();
  const status = params.get('status') || '';
  const q = params.get('q') || '';
  const origem = params.get('origem') || '';
  const [draft, setDraft] = useState(q);
  const [limit, setLimit] = useState(PAGE);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);

  const load = useCallback(() => {
    get(empresaPath(id, `/leads${query({ status, origem, q, limit })}`)).then((r) => { setData(r); setError(null); }).catch(setError);
  }, [id, status, origem, q, limit]);
  useEffect(load, [load]);
  useReconnected(load, [load]);
  const reload = useMemo(() => throttle(load, 1000, 300), [load]);
  useLive((events) => {
    if (events.some((ev) => ev.empresaId === id && (ev.type === 'message' || ev.type === 'lead'))) reload();
  }, [id, reload]);
  const search = useMemo(() => throttle((v) => setParams({ q: v }), 400, 300), []);

  const base = `/painel/empresas/${id}/conversas`;
  return html`<div class="pilha">
    <h2>Conversas</h2>
    <nav class="filtro-status" aria-label="Filtrar por status">
      <a href=${base + query({ origem, q })} aria-current=${status === '' ? 'true' : undefined}>Todos</a>
      ${Object.entries(LEAD_STATUSES).map(([s, label]) => html`<a href=${base + query({ status: s, origem, q })}
        aria-current=${status === s ? 'true' : undefined}>${label}</a>`)}
    </nav>
    <nav class="filtro-status filtro-origem" aria-label="Filtrar por origem">
      <a href=${base + query({ status, q })} aria-current=${origem === '' ? 'true' : undefined}>Qualquer origem</a>
      ${Object.entries(ORIGENS).map(([o, label]) => html`<a href=${base + query({ status, origem: o, q })}
        aria-current=${origem === o ? 'true' : undefined}>${label}</a>`)}
    </nav>
    <form role="search" aria-label="Buscar leads" onSubmit=${(e) => { e.preventDefault(); setParams({ q: draft }); }}>
      <${Field} id="leads-busca" label="Buscar por nome ou telefone">
        <input id="leads-busca" type="search" value=${draft} onInput=${(e) => { setDraft(e.currentTarget.value); search(e.currentTarget.value); }} />
      <//>
    </form>
    <${ErrorText} error=${error} />
    ${!data ? html`<${Loading} />` : html`
      <p class="total" role="status">${data.total === 1 ? '1 lead' : `${data.total.toLocaleString('pt-BR')} leads`}</p>
      <a class="botao secundario exportar-leads" href=${empresaPath(id, `/leads/export${query({ status, origem, q })}`)} download>Exportar CSV</a>
      <ul class="leads">
        ${data.leads.length === 0 ? html`<li class="vazio">Nenhuma conversa${status || q ? ' com esses filtros' : ' ainda'}.</li>` : ''}
        ${data.leads.map((l) => html`<li key=${l.phone}>
          <a href=${`${base}/${l.phone}`} class="lead">
            <span class="lead-nome">${l.nome || fmtPhone(l.phone)}</span>
            <span class="lead-fone">${fmtPhone(l.phone)}</span>
            <span class=${`etiqueta ls-${l.status}`}>${LEAD_STATUSES[l.status] || l.status}</span>
            ${!l.botAtivo && l.status !== 'opt_out' ? html`<span class="etiqueta humano">Com vendedor</span>` : ''}
            ${l.origem && l.origem.tipo !== 'direto' ? html`<span class=${`etiqueta lead-origem origem-${l.origem.tipo}`}
              title=${l.origem.titulo || l.origem.texto || ''}>${ORIGENS[l.origem.tipo] || l.origem.tipo}${l.origem.titulo ? `: ${l.origem.titulo}` : ''}</span>` : ''}
            <span class="lead-quando">${when(l.ultimoContato)} · ${l.mensagens} msg</span>
          </a>
        </li>`)}
      </ul>
      ${data.leads.length < data.total ? html`<button type="button" class="secundario" onClick=${() => setLimit(limit + PAGE)}>Carregar mais</button>` : ''}`}
  </div>`;
}
