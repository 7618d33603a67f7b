// One conversation: the history (paged back), new messages arriving live,
// the lead's fields, "assumir" / "devolver ao robô", and a box to write as
// the store. Every customer string is rendered as text.
import { html, useCallback, useEffect, useRef, useState } from '../lib.js';
import { get, post, empresaPath, query } from '../api.js';
import { useLive, useReconnected } from '../live.js';
import { ErrorText, Field, Loading } from '../ui.js';
import { LEAD_STATUSES, phone as fmtPhone, when, hour } from '../format.js';

const PAGE = 50;
const AUTHORS = { cliente: 'Cliente', bot: 'Robô', loja: 'Loja' };

export function Conversa({ id, phone }) {
  const [lead, setLead] = useState(null);
  const [msgs, setMsgs] = useState([]);
  const [total, setTotal] = useState(0);
  const [loaded, setLoaded] = useState(0); // messages fetched from the server, newest first
  const [error, setError] = useState(null);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState(null);
  const [busy, setBusy] = useState(false);
  const bottom = useRef(null);
  const stick = useRef(true);
  const base = empresaPath(id, `/leads/${encodeURIComponent(phone)}`);

  const loadLead = useCallback(() => get(base).then((r) => setLead(r.lead)).catch(setError), [base]);
  const loadLatest = useCallback(() => get(`${base}/mensagens${query({ limit: PAGE })}`).then((r) => {
    setMsgs(r.mensagens);
    setTotal(r.total);
    setLoaded(r.mensagens.length);
  }).catch(setError), [base]);
  const loadAll = useCallback(() => { loadLead(); loadLatest(); }, [loadLead, loadLatest]);
  useEffect(loadAll, [loadAll]);
  useReconnected(loadAll, [loadAll]);

  useLive((events) => {
    const mine = events.filter((ev) => ev.empresaId === id && (
      (ev.type === 'message' && (ev.from === phone || ev.to === phone))
      || (ev.type === 'lead' && ev.lead && ev.lead.phone === phone)));
    if (!mine.length) return;
    const live = mine.filter((ev) => ev.type === 'message').map((ev) => ({
      direction: ev.direction, text: ev.text, timestamp: ev.timestamp, autor: ev.direction === 'in' ? 'cliente' : '',
    }));
    if (live.length) {
      setMsgs((m) => m.concat(live));
      setTotal((t) => t + live.length);
    }
    for (const ev of mine) if (ev.type === 'lead') setLead(ev.lead);
    if (live.length) setTimeout(loadLead, 300); // contact counters and status
  }, [id, phone, loadLead]);

  useEffect(() => {
    if (stick.current && bottom.current) bottom.current.scrollIntoView({ block: 'end' });
  }, [msgs]);

  const older = async () => {
    stick.current = false;
    try {
      const r = await get(`${base}/mensagens${query({ limit: PAGE, offset: loaded })}`);
      setMsgs((m) => r.mensagens.concat(m));
      setLoaded(loaded + r.mensagens.length);
      setTotal(r.total);
    } catch (err) {
      setError(err);
    }
  };

  const setBot = async (ativo) => {
    setBusy(true);
    setError(null);
    try {
      const r = await post(`${base}/bot`, { ativo });
      setLead(r.lead);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const send = async (e) => {
    e.preventDefault();
    if (!text.trim() || sending) return;
    setSending(true);
    setSendError(null);
    stick.current = true;
    try {
      await post(empresaPath(id, '/mensagens'), { to: phone, text });
      setText(''); // the message itself arrives on the WebSocket, like every other
    } catch (err) {
      setSendError(err.status === 409 ? 'WhatsApp desconectado: conecte o WhatsApp da loja para enviar.' : err);
    } finally {
      setSending(false);
    }
  };

  if (error && !lead) {
    return html`<div class="pilha"><a href=${`/painel/empresas/${id}/conversas`}>‹ Conversas</a>
      <${ErrorText} error=${error.status === 404 ? 'Esta conversa não existe.' : error} /></div>`;
  }
  if (!lead) return html`<${Loading} />`;
  const withPerson = !lead.botAtivo && lead.status !== 'opt_out';
  return html`<div class="conversa">
    <div class="conversa-topo">
      <a href=${`/painel/empresas/${id}/conversas`}>‹ Conversas</a>
      <h2 class="conversa-nome">${lead.nome || fmtPhone(lead.phone)}</h2>
      <p class="lead-fone">${fmtPhone(lead.phone)}</p>
      <dl class="lead-campos">
        <div><dt>Status</dt><dd>${LEAD_STATUSES[lead.status] || lead.status}</dd></div>
        <div><dt>Atendimento</dt><dd class="atendimento">${withPerson
          ? `Com vendedor${lead.humanoAte ? ` até ${when(lead.humanoAte)}` : ''}`
          : lead.status === 'opt_out' ? 'Pediu para não receber mensagens' : 'Robô respondendo'}</dd></div>
        <div><dt>Visita</dt><dd>${lead.visita
          ? `${lead.visita.dia}${lead.visita.data ? ` (${lead.visita.data})` : ''}, ${lead.visita.periodo}${lead.visita.veiculo ? ` — ${lead.visita.veiculo}` : ''}`
          : 'nenhuma pedida'}</dd></div>
        <div><dt>Primeiro contato</dt><dd>${when(lead.primeiroContato)}</dd></div>
      </dl>
      <div class="acoes">
        ${withPerson
          ? html`<button type="button" disabled=${busy} onClick=${() => setBot(true)}>Devolver ao robô</button>`
          : html`<button type="button" disabled=${busy || lead.status === 'opt_out'} onClick=${() => setBot(false)}>Assumir</button>`}
      </div>
      <${ErrorText} error=${error} />
    </div>
    <section class="mensagens" aria-label="Mensagens" aria-live="polite">
      ${msgs.length < total ? html`<button type="button" class="secundario anteriores" onClick=${older}>Carregar anteriores</button>` : ''}
      ${msgs.map((m, i) => html`<div key=${m.id || `live-${i}`} class=${`msg ${m.direction === 'in' ? 'entrada' : 'saida'}`}>
        <p class="msg-texto">${m.text || (m.kind && m.kind !== 'text' ? `[${m.kind}]` : '')}</p>
        <p class="msg-info">${AUTHORS[m.autor] || (m.direction === 'in' ? 'Cliente' : 'Enviada')} · <time datetime=${m.timestamp}>${hour(m.timestamp)}</time></p>
      </div>`)}
      <div ref=${bottom}></div>
    </section>
    <form class="enviar" onSubmit=${send}>
      <${Field} id="msg-texto" label="Mensagem da loja">
        <textarea id="msg-texto" rows="2" value=${text} onInput=${(e) => setText(e.currentTarget.value)}
          onKeyDown=${(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send(e); }}></textarea>
      <//>
      <button type="submit" disabled=${sending || !text.trim()}>${sending ? 'Enviando…' : 'Enviar'}</button>
      <${ErrorText} error=${sendError} />
    </form>
  </div>`;
}
