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

export function Conversas(props) {
  return props.arg ? html`<${Conversa} ...${props} phone=${props.arg} />` : html`<${LeadList} ...${props} />`;
}

function LeadList({ id }) {
  const { params } = useLocation();
  const status = params.get('status') || '';
  const q = params.get('q') || '';
  const [draft, setDraft] = useState(q);
  const [limit, setLimit] = useState(PAGE);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);

  const load = useCallback(() => {
    get(empresaPath(id, `/leads${query({ status, q, limit })}`)).then((r) => { setData(r); setError(null); }).catch(setError);
  }, [id, status, q, limit]);
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
      <a href=${base + query({ q })} aria-current=${status === '' ? 'true' : undefined}>Todos</a>
      ${Object.entries(LEAD_STATUSES).map(([s, label]) => html`<a href=${base + query({ status: s, q })}
        aria-current=${status === s ? 'true' : undefined}>${label}</a>`)}
    </nav>
    <form role="search" aria-label="Buscar leads" onSubmit=${(e) => { e.preventDefault(); setParams({ q: draft }); }}>
      <${Field} id="leads-busca" label="Buscar por nome ou telefone">
        <input id="leads-busca" type="search" value=${draft} onInput=${(e) => { setDraft(e.currentTarget.value); search(e.currentTarget.value); }} />
      <//>
    </form>
    <${ErrorText} error=${error} />
    ${!data ? html`<${Loading} />` : html`
      <p class="total" role="status">${data.total === 1 ? '1 lead' : `${data.total.toLocaleString('pt-BR')} leads`}</p>
      <ul class="leads">
        ${data.leads.length === 0 ? html`<li class="vazio">Nenhuma conversa${status || q ? ' com esses filtros' : ' ainda'}.</li>` : ''}
        ${data.leads.map((l) => html`<li key=${l.phone}>
          <a href=${`${base}/${l.phone}`} class="lead">
            <span class="lead-nome">${l.nome || fmtPhone(l.phone)}</span>
            <span class="lead-fone">${fmtPhone(l.phone)}</span>
            <span class=${`etiqueta ls-${l.status}`}>${LEAD_STATUSES[l.status] || l.status}</span>
            ${!l.botAtivo && l.status !== 'opt_out' ? html`<span class="etiqueta humano">Com vendedor</span>` : ''}
            <span class="lead-quando">${when(l.ultimoContato)} · ${l.mensagens} msg</span>
          </a>
        </li>`)}
      </ul>
      ${data.leads.length < data.total ? html`<button type="button" class="secundario" onClick=${() => setLimit(limit + PAGE)}>Carregar mais</button>` : ''}`}
  </div>`;
}
