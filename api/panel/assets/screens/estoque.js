// /painel/empresas/:id/estoque — the inventory: filters, sorting and pages
// kept in the address, inline status, create/edit, CSV import and export.
import { html, useCallback, useEffect, useMemo, useState } from '../lib.js';
import { api, get, empresaPath, query } from '../api.js';
import { useLocation, setParams } from '../router.js';
import { ErrorText, Field, Pager, Confirm, Loading, throttle } from '../ui.js';
import { brl, km, CAMBIOS, CATEGORIAS, VEHICLE_STATUSES } from '../format.js';
import { VehicleForm, parseNumber } from './veiculo-form.js';
import { Import } from './estoque-import.js';

const PAGE = 20;
const FILTERS = ['q', 'marca', 'categoria', 'cambio', 'precoMin', 'precoMax', 'status', 'ordem'];
const ORDENS = { recentes: 'Mais recentes', preco: 'Menor preço', '-preco': 'Maior preço', '-ano': 'Mais novos', ano: 'Mais antigos', km: 'Menor km' };

export function Estoque({ id }) {
  const { params } = useLocation();
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || '']));
  const offset = Number(params.get('offset')) || 0;
  const [draft, setDraft] = useState(filters);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [editing, setEditing] = useState(null); // a vehicle, or 'novo'
  const [removing, setRemoving] = useState(null);
  const [rowError, setRowError] = useState(null);
  const key = params.toString();

  const load = useCallback(() => {
    const f = { ...filters, status: filters.status || 'todos', ordem: filters.ordem || 'recentes' };
    for (const k of ['precoMin', 'precoMax']) {
      const n = parseNumber(f[k]);
      f[k] = n === null || Number.isNaN(n) ? '' : n;
    }
    get(empresaPath(id, `/veiculos${query({ ...f, limit: PAGE, offset })}`))
      .then((r) => { setData(r); setError(null); })
      .catch(setError);
  }, [id, key]);
  useEffect(load, [load]);

  // Typing moves the address (and the list) after a short pause.
  const apply = useMemo(() => throttle((next) => setParams({ ...next, offset: '' }), 400, 300), []);
  const change = (name) => (e) => {
    const next = { ...draft, [name]: e.currentTarget.value };
    setDraft(next);
    apply(next);
  };
  const sortBy = (asc, desc) => setParams({ ordem: filters.ordem === asc ? desc : asc, offset: '' });
  const sortMark = (asc, desc) => (filters.ordem === asc ? 'ascending' : desc && filters.ordem === desc ? 'descending' : 'none');

  const setStatus = async (v, status) => {
    setRowError(null);
    try {
      const r = await api('PATCH', empresaPath(id, `/veiculos/${v.id}`), { status });
      setData((d) => ({ ...d, veiculos: d.veiculos.map((x) => (x.id === v.id ? r.veiculo : x)) }));
    } catch (err) {
      setRowError(err);
    }
  };

  const select = (name, label, options, all) => html`<${Field} id=${`f-${name}`} label=${label}>
    <select id=${`f-${name}`} value=${draft[name]} onChange=${change(name)}>
      <option value="">${all}</option>
      ${Object.entries(options).map(([k, l]) => html`<option value=${k}>${l}</option>`)}
    </select>
  <//>`;

  return html`<div class="pilha">
    <div class="barra">
      <h2>Estoque</h2>
      <div class="acoes">
        <button type="button" onClick=${() => setEditing('novo')}>Novo veículo</button>
        <a class="botao secundario" href=${empresaPath(id, '/veiculos/export')} download>Exportar CSV</a>
      </div>
    </div>
    <form class="filtros" role="search" aria-label="Filtrar o estoque" onSubmit=${(e) => { e.preventDefault(); setParams({ ...draft, offset: '' }); }}>
      <${Field} id="f-q" label="Busca"><input id="f-q" type="search" value=${draft.q} onInput=${change('q')} placeholder="civic, prata, 2020…" /><//>
      <${Field} id="f-marca" label="Marca"><input id="f-marca" value=${draft.marca} onInput=${change('marca')} /><//>
      ${select('categoria', 'Categoria', CATEGORIAS, 'Todas')}
      ${select('cambio', 'Câmbio', CAMBIOS, 'Todos')}
      <${Field} id="f-precoMin" label="Preço mínimo"><input id="f-precoMin" inputmode="decimal" value=${draft.precoMin} onInput=${change('precoMin')} /><//>
      <${Field} id="f-precoMax" label="Preço máximo"><input id="f-precoMax" inputmode="decimal" value=${draft.precoMax} onInput=${change('precoMax')} /><//>
      ${select('status', 'Status', VEHICLE_STATUSES, 'Todos')}
      ${select('ordem', 'Ordem', ORDENS, 'Mais recentes')}
    </form>
    <${ErrorText} error=${error || rowError} />
    ${!data ? html`<${Loading} />` : html`
      <p class="total" role="status">${data.total === 1 ? '1 veículo' : `${data.total.toLocaleString('pt-BR')} veículos`}</p>
      <div class="tabela-rolagem">
      <table class="tabela estoque">
        <thead><tr>
          <th scope="col">Código</th><th scope="col">Veículo</th>
          <th scope="col" aria-sort=${sortMark('ano', '-ano')}><button type="button" class="ordenar" onClick=${() => sortBy('-ano', 'ano')}>Ano</button></th>
          <th scope="col" aria-sort=${sortMark('preco', '-preco')}><button type="button" class="ordenar" onClick=${() => sortBy('preco', '-preco')}>Preço</button></th>
          <th scope="col" aria-sort=${sortMark('km', '')}><button type="button" class="ordenar" onClick=${() => sortBy('km', 'recentes')}>Km</button></th>
          <th scope="col">Câmbio</th><th scope="col">Status</th><th scope="col"><span class="escondido-visual">Ações</span></th>
        </tr></thead>
        <tbody>
          ${data.veiculos.length === 0 ? html`<tr><td colspan="8">Nenhum veículo com esses filtros.</td></tr>` : ''}
          ${data.veiculos.map((v) => html`<tr key=${v.id}>
            <td data-rotulo="Código">${v.codigo || '—'}</td>
            <td data-rotulo="Veículo"><strong>${v.marca} ${v.modelo}</strong> ${v.versao}</td>
            <td data-rotulo="Ano">${v.anoFabricacao}/${v.anoModelo}</td>
            <td data-rotulo="Preço" class="num">${brl(v.preco)}</td>
            <td data-rotulo="Km" class="num">${km(v.km)}</td>
            <td data-rotulo="Câmbio">${CAMBIOS[v.cambio] || v.cambio}</td>
            <td data-rotulo="Status">
              <label class="escondido-visual" for=${`st-${v.id}`}>Status de ${v.marca} ${v.modelo}</label>
              <select id=${`st-${v.id}`} class=${`vst-${v.status}`} value=${v.status} onChange=${(e) => setStatus(v, e.currentTarget.value)}>
                ${Object.entries(VEHICLE_STATUSES).map(([k, l]) => html`<option value=${k}>${l}</option>`)}
              </select>
            </td>
            <td class="acoes-linha">
              <button type="button" class="secundario" onClick=${() => setEditing(v)} aria-label=${`Editar ${v.marca} ${v.modelo}`}>Editar</button>
              <button type="button" class="secundario" onClick=${() => setRemoving(v)} aria-label=${`Excluir ${v.marca} ${v.modelo}`}>Excluir</button>
            </td>
          </tr>`)}
        </tbody>
      </table>
      </div>
      <${Pager} offset=${offset} limit=${PAGE} total=${data.total} label="Páginas do estoque" onChange=${(o) => setParams({ offset: o || '' })} />`}
    <${Import} id=${id} onImported=${load} />
    ${editing ? html`<${VehicleForm} id=${id} vehicle=${editing === 'novo' ? null : editing}
      onClose=${() => setEditing(null)} onSaved=${() => { setEditing(null); load(); }} />` : ''}
    ${removing ? html`<${Confirm} title="Excluir veículo?" message=${`${removing.marca} ${removing.modelo} ${removing.versao} sai do estoque.`}
      note="Para tirar de venda sem apagar, mude o status para vendido ou reservado." confirmLabel="Excluir" danger=${true}
      onClose=${() => setRemoving(null)}
      onConfirm=${async () => { await api('DELETE', empresaPath(id, `/veiculos/${removing.id}`)); load(); }} />` : ''}
  </div>`;
}
