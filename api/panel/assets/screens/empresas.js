// /painel/empresas (admin) — every empresa, one page at a time: status,
// number, bot switch and today's messages, live; counts by status, search,
// create, new token, delete.
import { html, useCallback, useEffect, useMemo, useState } from '../lib.js';
import { api, get, post, query, startOfToday } from '../api.js';
import { useLocation, setParams } from '../router.js';
import { useLive, useReconnected } from '../live.js';
import { StatusBadge, Switch, ErrorText, Field, Pager, Dialog, Confirm, TokenShown, Loading, throttle, described } from '../ui.js';
import { STATES, reasonText, phone as fmtPhone, number } from '../format.js';

const PAGE = 50;

export function Empresas() {
  const { params } = useLocation();
  const q = params.get('q') || '';
  const status = params.get('status') || '';
  const offset = Number(params.get('offset')) || 0;
  const [draft, setDraft] = useState(q);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [dialog, setDialog] = useState(null); // {kind, empresa?, token?}

  useEffect(() => { document.title = 'Empresas — VendeAI'; }, []);

  const load = useCallback(() => {
    get(`/api/empresas${query({ q, status, limit: PAGE, offset, desde: startOfToday() })}`)
      .then((r) => { setData(r); setError(null); })
      .catch(setError);
  }, [q, status, offset]);
  useEffect(load, [load]);
  useReconnected(load, [load]);
  const refresh = useMemo(() => throttle(load, 2000, 500), [load]);
  const search = useMemo(() => throttle((v) => setParams({ q: v, offset: '' }), 400, 300), []);

  // A burst of events becomes one state change: rows on this page are
  // updated in place; the counts (which cover every empresa) are fetched
  // again at most every two seconds.
  useLive((events) => {
    const byID = new Map();
    for (const ev of events) {
      if (ev.type === 'status' || ev.type === 'message' || ev.type === 'bot_toggle') {
        if (!byID.has(ev.empresaId)) byID.set(ev.empresaId, []);
        byID.get(ev.empresaId).push(ev);
      }
    }
    if (!byID.size) return;
    setData((d) => {
      if (!d) return d;
      let touched = false;
      const empresas = d.empresas.map((e) => {
        const evs = byID.get(e.id);
        if (!evs) return e;
        touched = true;
        const next = { ...e, mensagens: { ...(e.mensagens || { recebidas: 0, enviadas: 0 }) } };
        for (const ev of evs) {
          if (ev.type === 'status') next.sessao = ev;
          else if (ev.type === 'bot_toggle') next.botAtivo = ev.botAtivo;
          else if (ev.direction === 'in') next.mensagens.recebidas++;
          else next.mensagens.enviadas++;
        }
        return next;
      });
      return touched ? { ...d, empresas } : d;
    });
    if (events.some((ev) => ev.type === 'status')) refresh();
  }, [refresh]);

  const toggle = async (e, on) => {
    try {
      await post('/api/bot/toggle', { empresaId: e.id, botAtivo: on });
      setData((d) => ({ ...d, empresas: d.empresas.map((x) => (x.id === e.id ? { ...x, botAtivo: on } : x)) }));
    } catch (err) {
      setError(err);
    }
  };

  const counts = data && data.contagem;
  return html`<div class="moldura">
    <a class="pular" href="#conteudo">Pular para o conteúdo</a>
    <header class="topo">
      <div class="topo-linha"><span class="marca">VendeAI</span><a class="sair" href="/painel/sair">Sair</a></div>
      <div class="topo-empresa"><h1>Empresas</h1></div>
    </header>
    <main id="conteudo" class="pilha" tabindex="-1">
      ${counts ? html`<nav class="contagens" aria-label="Empresas por status da conexão">
        <a href=${`/painel/empresas${query({ q })}`} aria-current=${status === '' ? 'true' : undefined}>
          <strong>${number(counts.total)}</strong> todas</a>
        ${Object.keys(STATES).filter((s) => counts[s] > 0 || s === status).map((s) => html`
          <a href=${`/painel/empresas${query({ q, status: s })}`} aria-current=${status === s ? 'true' : undefined} class=${`st-${s}`}>
            <strong>${number(counts[s])}</strong> ${STATES[s].toLowerCase()}</a>`)}
      </nav>` : ''}
      <div class="barra">
        <form role="search" aria-label="Buscar empresas" onSubmit=${(e) => { e.preventDefault(); setParams({ q: draft, offset: '' }); }}>
          <${Field} id="emp-busca" label="Buscar por nome">
            <input id="emp-busca" type="search" value=${draft} onInput=${(e) => { setDraft(e.currentTarget.value); search(e.currentTarget.value); }} />
          <//>
        </form>
        <button type="button" onClick=${() => setDialog({ kind: 'create' })}>Nova empresa</button>
      </div>
      <${ErrorText} error=${error} />
      ${!data ? html`<${Loading} />` : html`
        <p class="total" role="status">${data.total === 1 ? '1 empresa' : `${number(data.total)} empresas`}${q || status ? ' com esses filtros' : ''}</p>
        <div class="tabela-rolagem">
        <table class="tabela empresas">
          <thead><tr>
            <th scope="col">Empresa</th><th scope="col">WhatsApp</th><th scope="col">Número</th>
            <th scope="col">Robô</th><th scope="col">Mensagens hoje</th><th scope="col"><span class="escondido-visual">Ações</span></th>
          </tr></thead>
          <tbody>
            ${data.empresas.length === 0 ? html`<tr><td colspan="6">Nenhuma empresa${q || status ? ' com esses filtros' : ' ainda: crie a primeira'}.</td></tr>` : ''}
            ${data.empresas.map((e) => html`<${Row} key=${e.id} e=${e} onToggle=${toggle} onDialog=${setDialog} />`)}
          </tbody>
        </table>
        </div>
        <${Pager} offset=${offset} limit=${PAGE} total=${data.total} label="Páginas de empresas" onChange=${(o) => setParams({ offset: o || '' })} />`}
    </main>
    ${dialog && dialog.kind === 'create' ? html`<${CreateEmpresa} onClose=${() => setDialog(null)}
      onCreated=${(r) => { setDialog({ kind: 'token', token: r.token, title: `Empresa "${r.empresa.nome}" criada` }); load(); }} />` : ''}
    ${dialog && dialog.kind === 'token' ? html`<${TokenShown} title=${dialog.title} token=${dialog.token} onClose=${() => setDialog(null)} />` : ''}
    ${dialog && dialog.kind === 'rotate' ? html`<${Confirm} title=${`Novo token para "${dialog.empresa.nome}"?`}
      message="O token atual para de funcionar na hora: quem estiver no painel ou usando a API com ele precisa do novo."
      confirmLabel="Gerar novo token" onClose=${() => setDialog(null)}
      onConfirm=${async () => {
        const r = await post(`/api/empresas/${dialog.empresa.id}/token`);
        setTimeout(() => setDialog({ kind: 'token', token: r.token, title: `Novo token de "${dialog.empresa.nome}"` }));
      }} />` : ''}
    ${dialog && dialog.kind === 'delete' ? html`<${Confirm} title=${`Excluir "${dialog.empresa.nome}"?`}
      message="A empresa sai do servidor: o WhatsApp dela é desligado e o token deixa de valer."
      note="Nada é apagado: a pasta da empresa (estoque, conversas, credenciais) vai para removed/ dentro do diretório de dados."
      confirmLabel="Excluir empresa" danger=${true} typeToConfirm=${dialog.empresa.nome}
      onClose=${() => setDialog(null)}
      onConfirm=${async () => { await api('DELETE', `/api/empresas/${dialog.empresa.id}`); load(); }} />` : ''}
  </div>`;
}

function Row({ e, onToggle, onDialog }) {
  const st = e.sessao || { status: 'disconnected' };
  const m = e.mensagens || { recebidas: 0, enviadas: 0 };
  const reason = reasonText(st);
  return html`<tr data-empresa=${e.id}>
    <td data-rotulo="Empresa"><a href=${`/painel/empresas/${e.id}`} class="empresa-nome">${e.nome}</a> <span class="id">#${e.id}</span></td>
    <td data-rotulo="WhatsApp"><${StatusBadge} status=${st.status} />${reason && st.status !== 'connected' ? html`<span class="motivo">${reason}</span>` : ''}</td>
    <td data-rotulo="Número">${st.phone ? fmtPhone(st.phone) : '—'}</td>
    <td data-rotulo="Robô"><${Switch} id=${`bot-${e.id}`} checked=${e.botAtivo} onChange=${(on) => onToggle(e, on)}
      label=${e.botAtivo ? 'Ligado' : 'Desligado'} /></td>
    <td data-rotulo="Mensagens hoje" class="num"><span title="recebidas / enviadas">${number(m.recebidas)} ↓ · ${number(m.enviadas)} ↑</span></td>
    <td class="acoes-linha">
      <button type="button" class="secundario" onClick=${() => onDialog({ kind: 'rotate', empresa: e })} aria-label=${`Novo token de ${e.nome}`}>Novo token</button>
      <button type="button" class="secundario" onClick=${() => onDialog({ kind: 'delete', empresa: e })} aria-label=${`Excluir ${e.nome}`}>Excluir</button>
    </td>
  </tr>`;
}

function CreateEmpresa({ onClose, onCreated }) {
  const [nome, setNome] = useState('');
  const [id, setID] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (ev) => {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    const body = { nome };
    if (id.trim()) body.id = Number(id.trim());
    try {
      onCreated(await post('/api/empresas', body));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return html`<${Dialog} title="Nova empresa" onClose=${onClose}>
    <form class="pilha" onSubmit=${submit}>
      <${Field} id="nova-nome" label="Nome da loja">
        <input id="nova-nome" required maxlength="120" value=${nome} onInput=${(e) => setNome(e.currentTarget.value)} />
      <//>
      <${Field} id="nova-id" label="Id (opcional)" hint="Deixe vazio para o próximo número livre.">
        <input ...${described('nova-id', null, true)} inputmode="numeric" value=${id} onInput=${(e) => setID(e.currentTarget.value)} />
      <//>
      <${ErrorText} error=${error} />
      <div class="acoes">
        <button type="button" class="secundario" onClick=${onClose}>Cancelar</button>
        <button type="submit" disabled=${busy || !nome.trim()}>${busy ? 'Criando…' : 'Criar'}</button>
      </div>
    </form>
  <//>`;
}
